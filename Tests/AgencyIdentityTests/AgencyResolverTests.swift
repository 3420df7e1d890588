import AgencyIdentity
import Testing

/// Names as the seeds' and real reports' titles print them, and the names that need the report's
/// other words to be told apart.
@Suite struct AgencyResolverTests {
    private func resolved(_ printed: String, clues: String = "") -> (ResolvedAgency?, AgencyResolution) {
        let resolution = AgencyResolver.resolve(printed, clues: clues)
        return (resolution.agency, resolution)
    }

    @Test(arguments: [
        // The five seeds' agencies (../shared/expected).
        ("苏州市公安局", "320500", "公安局", "苏州市公安局"),
        ("周口市公安局", "411600", "公安局", "周口市公安局"),
        ("宿迁市公安局", "321300", "公安局", "宿迁市公安局"),
        ("杭州市公安局拱墅区分局", "330105", "公安分局", "杭州市公安局拱墅区分局"),
        ("枣庄市公安局市中分局", "370402", "公安分局", "枣庄市公安局市中区分局"),
        // The real report of 2023 and its 2024 successor's title.
        ("洪泽区人民政府", "320813", "人民政府", "淮安市洪泽区人民政府"),
        ("淮安市洪泽区人民政府", "320813", "人民政府", "淮安市洪泽区人民政府"),
        ("江苏省淮安市洪泽区人民政府", "320813", "人民政府", "淮安市洪泽区人民政府"),
    ])
    func seedAgencies(printed: String, division: String, body: String, name: String) {
        let (agency, resolution) = resolved(printed)
        #expect(agency == ResolvedAgency(division: division, body: body, name: name), "\(resolution.notes)")
        #expect(resolution.confidence >= 0.97)
    }

    @Test func aCityGivenWithItsDistrictIsSurerThanTheDistrictAlone() {
        #expect(resolved("淮安市洪泽区人民政府").1.confidence == 0.99)
        #expect(resolved("洪泽区人民政府").1.confidence == 0.97)
    }

    @Test func aDistrictBranchNamedEitherWayIsOneAgency() {
        #expect(resolved("拱墅区公安分局").0 == resolved("杭州市公安局拱墅区分局").0)
        #expect(resolved("杭州市拱墅区公安分局").0?.division == "330105")
    }

    @Test func aFormerNameResolvesToItsSuccessorWithANote() {
        let (agency, resolution) = resolved("洪泽县人民政府")
        #expect(agency == ResolvedAgency(division: "320813", body: "人民政府", name: "淮安市洪泽区人民政府"))
        #expect(resolution.confidence == 0.95)
        #expect(resolution.notes == ["洪泽县 (320829) became 洪泽区 (320813) in 2016"])
        // A city renamed keeps its code: 襄樊市 is 襄阳市 since 2010.
        #expect(resolved("襄樊市人民政府").0?.name == "襄阳市人民政府")
        // A county moved to a new city: 黔西县 522423 of 毕节地区, now 黔西市 520581 of 毕节市.
        #expect(resolved("毕节市黔西县人民政府").0?.division == "520581")
    }

    @Test func aNameOfSeveralCitiesStaysUnresolvedWithoutAClue() {
        let (agency, resolution) = resolved("鼓楼区人民政府", clues: "本报告由区政府办公室编制")
        #expect(agency == nil)
        #expect(resolution.confidence == 0)
        let note = resolution.notes.joined()
        #expect(note.hasPrefix("鼓楼区 is 4 divisions ("))
        for place in ["南京市鼓楼区 320106", "徐州市鼓楼区 320302", "福州市鼓楼区 350102", "开封市鼓楼区 410204"] {
            #expect(note.contains(place))
        }
        #expect(note.hasSuffix("the report names none of their cities"))
    }

    @Test func theReportsOtherWordsNameTheCity() {
        let (agency, resolution) = resolved("鼓楼区人民政府", clues: "根据南京市人民政府办公厅的要求，现公布鼓楼区2023年度报告")
        #expect(agency?.division == "320106")
        #expect(agency?.name == "南京市鼓楼区人民政府")
        #expect(resolution.confidence == 0.85)
        #expect(resolution.notes.count == 1)
        #expect(resolution.notes.first?.hasSuffix("the report names 南京市") == true)
        // Several of the cities named: no choice.
        #expect(resolved("市中区人民政府", clues: "枣庄市与济南市").0 == nil)
        #expect(resolved("市中区人民政府", clues: "枣庄市市中区").0?.division == "370402")
    }

    @Test func aParentPrefixDecidesBetweenCities() {
        #expect(resolved("徐州市鼓楼区人民政府").0?.division == "320302")
        #expect(resolved("乐山市市中区人民政府").0?.division == "511102")
        // A district the city does not have is no division.
        let (agency, resolution) = resolved("苏州市鼓楼区人民政府")
        #expect(agency == nil)
        #expect(resolution.notes == ["苏州市鼓楼区 names no division within another"])
    }

    @Test func bodiesAreWrittenTheLongWay() {
        #expect(resolved("淮安市发改局").0 == ResolvedAgency(division: "320800", body: "发展和改革局", name: "淮安市发展和改革局"))
        #expect(resolved("淮安市发展和改革局").0?.body == "发展和改革局")
        #expect(resolved("洪泽区政府办").0?.body == "人民政府办公室")
        #expect(resolved("洪泽区人民政府办公室").0?.body == "人民政府办公室")
        #expect(resolved("江苏省人民政府办公厅").0 == ResolvedAgency(division: "320000", body: "人民政府办公厅", name: "江苏省人民政府办公厅"))
    }

    @Test func aCountyNamedLikeABodyWordIsFoundOnlyAsAFullName() {
        // 公安县 is a county of 荆州市; 公安局 never reads as it.
        #expect(resolved("湖北省公安县人民政府").0?.division == "421022")
        #expect(resolved("苏州市公安局").0?.division == "320500")
    }

    @Test func theCentralGovernment() {
        #expect(resolved("中华人民共和国公安部").0 == ResolvedAgency(division: "100000", body: "公安部", name: "中华人民共和国公安部"))
        #expect(resolved("国务院办公厅").0?.division == "100000")
    }

    @Test func namesWithoutADivision() {
        #expect(resolved("某某科技有限公司").1.notes == ["no division name at the start of 某某科技有限公司"])
        #expect(resolved("  ").1.notes == ["no agency name to resolve"])
        // A division alone is taken as its government, less surely.
        let (agency, resolution) = resolved("淮安市洪泽区")
        #expect(agency?.body == "人民政府")
        #expect(resolution.confidence == 0.9)
    }
}

/// The shipped table as scripts/make-divisions built it.
@Suite struct DivisionTableTests {
    let table = DivisionTable.national

    @Test func holdsTheCountrysDivisions() throws {
        let current = table.divisions.filter(\.isCurrent)
        #expect(current.filter { $0.level == .province }.count == 34)
        #expect(current.count == 3214)
        #expect(table.division(code: "320813")?.name == "洪泽区")
        #expect(table.division(code: "320800")?.name == "淮安市")
        let hongze = try #require(table.division(code: "320813"))
        #expect(table.ancestors(of: hongze).map(\.name) == ["淮安市", "江苏省"])
    }

    @Test func everyDivisionInForceHasItsParentInForce() {
        for division in table.divisions where division.isCurrent {
            if division.level == .province {
                #expect(division.parent == nil)
            } else {
                let parent = division.parent.flatMap(table.division(code:))
                #expect(parent?.isCurrent == true, "\(division.code) \(division.name)")
                #expect(parent.map { $0.contains(division) } == true, "\(division.code) \(division.name)")
            }
        }
    }

    @Test func formerCodesLeadToDivisionsInForce() {
        let former = table.divisions.filter { !$0.isCurrent }
        #expect(former.count == 385)
        let hongze = table.divisions(named: "洪泽县")
        #expect(hongze.map(\.code) == ["320829"])
        #expect(hongze.first?.until == 2016)
        #expect(hongze.first.flatMap(table.inForce)?.code == "320813")
        for division in former {
            #expect((2008...2026).contains(division.until ?? 0))
            if let successor = division.successor { #expect(table.division(code: successor)?.isCurrent == true) }
        }
        // Almost every former division has a successor; the few abolished outright keep their code.
        #expect(former.filter { $0.successor == nil }.count == 4)
    }

    @Test func readsOnlyWellFormedLines() {
        let table = DivisionTable(tsv: "# comment\n320000\t江苏省\t\n320800\t淮安市\t320000\n32\tbad\t\n320829\t洪泽县\t320800\t2016\t320813\n\n")
        #expect(table.divisions.map(\.code) == ["320000", "320800", "320829"])
        #expect(table.divisions.last?.successor == "320813")
        #expect(table.divisions.last?.level == .county)
    }
}
