@testable import RecordModel
@testable import ReportParser
import Testing

/// Cell values as the seed reports (/work/shared/seeds) and the samples print them.
@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("137", 137),                  // seed 000
        ("　　0", 0),                  // seed 004: full-width-space padding
        ("\u{00a0}2", 2),              // seed 003: NBSP padding
        ("0\u{00a0}", 0),              // seed 003
        (" 2", 2),
        ("　443000", 443000),          // seed 004
    ])
    func paddedDigitsAreClean(text: String, value: Int) {
        let parsed = ValueParser.parse(text, as: .count)
        #expect(parsed.number == .integer(value))
        #expect(parsed.reading == .clean)
        #expect(parsed.notes.isEmpty)
    }

    @Test func aUnitInACountCellIsConvertedAndNoted() {
        let parsed = ValueParser.parse("629万", as: .count) // seed 000, 行政许可
        #expect(parsed.number == .integer(6_290_000))
        #expect(parsed.reading == .converted)
        #expect(parsed.notes == ["unit 万 in a count cell: multiplied by 10000"])
        // Exact decimal shifting: 1.2万 is 12000, not 11999.
        #expect(ValueParser.parse("1.2万", as: .count).number == .integer(12_000))
        #expect(ValueParser.parse("1.23456万", as: .count).number == nil)
    }

    @Test func theTemplatesUnitInAMoneyCellIsOnlyAForm() {
        let suzhou = ValueParser.parse("13885.63万元", as: .money) // seed 000
        #expect(suzhou.number == .decimal(13885.63))
        #expect(suzhou.reading == .normalized)
        let suqian = ValueParser.parse("3414.41 万元", as: .money) // seed 002, with a space
        #expect(suqian.number == .decimal(3414.41))
        #expect(suqian.reading == .normalized)
        #expect(ValueParser.parse("　8650.26", as: .money).number == .decimal(8650.26)) // seed 004
        #expect(ValueParser.parse("0", as: .money).number == .decimal(0))               // seed 003
        let yuan = ValueParser.parse("138856300元", as: .money)
        #expect(yuan.number == .decimal(13885.63))
        #expect(yuan.reading == .converted)
    }

    @Test(arguments: ["", "—", "-", "/", "无", "——", "－"])
    func blanksAndDashesReadAsZeroWithANote(text: String) {
        let parsed = ValueParser.parse(text, as: .count) // seed 002 leaves most zero cells blank
        #expect(parsed.number == .integer(0))
        #expect(parsed.reading == .blankAsZero)
        #expect(parsed.notes.count == 1)
    }

    /// `isReadable` is what `parse` says without reading the number of a header's text.
    @Test(arguments: ["", "　", " \u{00a0}", "—", " — ", "－", "无", "一", "自然人", "结果维持", "12", "　１２　", "５７３８０４０",
                      "629万", "12件", "2023年度", "第1项", "（一）", "abc", "1.5", "-3", "— 1"])
    func readableTextIsWhatParseReads(text: String) {
        for kind in [ValueKind.count, .signedCount, .money] {
            #expect(ValueParser.isReadable(text, as: kind) == (ValueParser.parse(text, as: kind).reading != .unreadable), "\(text) as \(kind)")
        }
    }

    @Test func formsOfTheSameNumberAreNormalized() {
        #expect(ValueParser.parse("5,738,040", as: .count).number == .integer(5_738_040))
        #expect(ValueParser.parse("5，738，040", as: .count).number == .integer(5_738_040))
        #expect(ValueParser.parse("５７３８０４０", as: .count).number == .integer(5_738_040))
        #expect(ValueParser.parse("５７３８０４０", as: .count).reading == .normalized)
        #expect(ValueParser.parse("12*", as: .count).number == .integer(12))
        #expect(ValueParser.parse("12①", as: .count).notes.contains { $0.contains("footnote") })
        #expect(ValueParser.parse("15件", as: .count).number == .integer(15))
        #expect(ValueParser.parse("1 628 471", as: .count).number == .integer(1_628_471))
    }

    @Test func whatIsNotANumberHasNoValue() {
        for text in ["见附件", "12.5", "1,23", "3-4", "-3"] {
            let parsed = ValueParser.parse(text, as: .count)
            #expect(parsed.number == nil, "\(text)")
            #expect(parsed.reading == .unreadable)
            #expect(!parsed.notes.isEmpty)
        }
        // Two rows' figures left in one cell by a missing line are two numbers, never 2877.
        #expect(ValueParser.parse("28\n77", as: .count).number == nil)
        #expect(ValueParser.parse("13885.63\n万元", as: .money).number == .decimal(13885.63))
        // 本年增/减 (2019 template) may be negative.
        #expect(ValueParser.parse("-3", as: .signedCount).number == .integer(-3))
        #expect(ValueParser.parse("+2", as: .signedCount).number == .integer(2))
        #expect(ValueParser.parse("-", as: .signedCount).number == .integer(0))
    }

    @Test func decimalPointShiftsExactly() {
        #expect(ValueParser.shiftDecimalPoint(integer: "629", fraction: "", by: 4) == ("6290000", ""))
        #expect(ValueParser.shiftDecimalPoint(integer: "1", fraction: "2", by: 4) == ("12000", ""))
        #expect(ValueParser.shiftDecimalPoint(integer: "138856300", fraction: "", by: -4) == ("13885", "6300"))
        #expect(ValueParser.shiftDecimalPoint(integer: "5", fraction: "", by: -4) == ("0", "0005"))
    }

    @Test func fieldKindsComeFromTheKeys() {
        #expect(ValueKind.of(key: "s2.fees.amount_10k_yuan") == .money)
        #expect(ValueKind.of(key: "s2.procurement.amount_10k_yuan") == .money)
        #expect(ValueKind.of(key: "s2.licensing.items_change") == .signedCount)
        #expect(ValueKind.of(key: "s3.new.total") == .count)
    }
}
