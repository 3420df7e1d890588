import DocumentModel
@testable import RecordModel
@testable import ReportParser
import Testing

/// Agency and year from the title lines as the seeds print them.
@Suite struct TitleReadingTests {
    private func read(_ lines: [String], body: String) -> (agency: String?, year: Int?, yearConfidence: Double) {
        let paragraphs = lines.map { Paragraph(text: $0) } + [Paragraph(text: body)]
        let title = TitleReading.titleLines(paragraphs, compact: paragraphs.map { LabelText.compact($0.text) })
        let agency = TitleReading.agency(titleLines: title, body: LabelText.compact(body))
        let year = TitleReading.year(titleLines: title, body: LabelText.compact(body))
        return (agency.value, year.value, year.confidence)
    }

    @Test func titleOnTwoLinesWithYearOnTheFirst() {
        // seed 000
        let result = read(["苏州市公安局2023年度", "政府信息公开工作年度报告"],
                          body: "本年报中所列数据的统计期限为2023年1月1日至2023年12月31日。如对本报告有任何疑问，请联系苏州市公安局办公室")
        #expect(result.agency == "苏州市公安局")
        #expect(result.year == 2023)
        #expect(result.yearConfidence >= 0.99)
    }

    @Test func spacesAroundTheYear() {
        // seed 001
        let result = read(["周口市公安局 2023 年政府信息公开工作年度报告"], body: "一、总体情况 2023 年，市公安局…2023 年，全市公安机关共受理…")
        #expect(result.agency == "周口市公安局")
        #expect(result.year == 2023)
    }

    @Test func thePublicationDateIsNotTheYearReportedOn() {
        // seed 002: a 2020 report published 2021年1月18日
        let result = read(["宿迁市公安局 2020 年政府信息公开工作 年度报告", "(2021 年 1 月 18 日)"],
                          body: "本报告所列数据的统计期限为 2020 年 1 月 1 日至 2020 年 12 月 31 日。")
        #expect(result.agency == "宿迁市公安局")
        #expect(result.year == 2020)
        #expect(TitleReading.reportYears(in: "(2021年1月18日)").isEmpty)
    }

    @Test func yearsAreReadAlikeFromBytesAndFromCharacters() {
        let text = "2023年度报告,12023年,2022年12月31日,统计2021年全年,1989年"
        let plain = TitleReading.reportYears(in: text)
        #expect(plain.map(\.year) == [2023, 2021])
        #expect(plain.map(\.token) == ["2023年度", "2021年"])
        #expect(plain.map { String(text[$0.range]) } == ["2023年度", "2021年"])
        // Not plain (an emoji): read a character at a time, with the same years.
        let other = TitleReading.reportYears(in: text + "😀")
        #expect(other.map(\.year) == [2023, 2021])
        #expect(other.map(\.token) == ["2023年度", "2021年"])
    }

    @Test func titleBrokenOverThreeLinesWithTheYearLast() {
        // seed 003
        let result = read(["杭州市公安局拱墅区分局政府信息", "公开工作报告", "（2023年度）"],
                          body: "特向社会公布2023年度杭州市公安局拱墅区分局政府信息公开工作年度报告。统计期限自2023年1月1日起")
        #expect(result.agency == "杭州市公安局拱墅区分局")
        #expect(result.year == 2023)
    }

    @Test func agencyAloneOnTheFirstLine() {
        // seed 004, and hzq2023
        #expect(read(["枣庄市公安局市中分局", "2023年政府信息公开工作年度报告"], body: "2023年，市中公安分局…").agency == "枣庄市公安局市中分局")
        #expect(read(["洪泽区人民政府", "2023 年政府信息公开工作年度报告"], body: "淮安市洪泽区人民政府办公室").agency == "洪泽区人民政府")
    }

    @Test func yearBeforeTheAgency() {
        #expect(read(["2023年度苏州市公安局政府信息公开工作年度报告"], body: "").agency == "苏州市公安局")
    }

    @Test func bodyConfirmsTheAgency() {
        let lines = [TitleReading.Line(text: "周口市公安局2023年政府信息公开工作年度报告", compact: "周口市公安局2023年政府信息公开工作年度报告", page: 1)]
        #expect(TitleReading.agency(titleLines: lines, body: "周口市公安局办公室").confidence == 0.97)
        #expect(TitleReading.agency(titleLines: lines, body: "市公安局坚持…").confidence == 0.92)
        #expect(TitleReading.agency(titleLines: lines, body: "本局").confidence < 0.9)
        #expect(TitleReading.shortName("淮安市洪泽区人民政府") == "区人民政府")
    }
}
