@testable import RecordModel
@testable import ReportParser
import Testing

/// The confidence model's numbers and the checks' arithmetic, each alone.
@Suite struct ConfidenceAndChecksTests {
    private func score(_ path: ExtractionPath, _ match: MatchKind, _ reading: Reading, _ checks: ConfidenceModel.CheckState) -> Double {
        roundedConfidence(ConfidenceModel.score(.init(path: path, match: match, reading: reading, checks: checks, threshold: 0.9)))
    }

    @Test func cleanExactCellsAreConfidentByPath() {
        #expect(score(.docx, .exact, .clean, .none) == 0.99)
        #expect(score(.ruledPDF, .exact, .clean, .none) == 0.97)
        #expect(score(.ruledPDF, .exact, .clean, .held(2)) == 0.98)
        #expect(score(.docx, .fuzzy, .clean, .none) == 0.95)
        #expect(score(.docx, .exact, .normalized, .none) == 0.97)
    }

    @Test func blanksAndConversionsNeedACheck() {
        #expect(score(.docx, .exact, .blankAsZero, .none) < 0.9)
        #expect(score(.docx, .exact, .blankAsZero, .held(1)) >= 0.9)
        #expect(score(.docx, .exact, .converted, .none) == 0.74)
        #expect(score(.docx, .exact, .converted, .held(2)) >= 0.9)
    }

    @Test func whatNoCheckCanConfirmStaysUnderTheThreshold() {
        // Sums hold whichever row a cell was taken from, so they never confirm a position.
        #expect(score(.docx, .position, .clean, .held(2)) < 0.9)
        #expect(score(.unruledPDF, .exact, .clean, .held(2)) < 0.9)
        #expect(score(.docx, .exact, .clean, .broken(["s4.review"])) < 0.6)
        #expect(score(.docx, .exact, .unreadable, .held(1)) == 0)
        // The cap follows the threshold the caller chose.
        #expect(ConfidenceModel.score(.init(path: .docx, match: .exact, reading: .clean, checks: .broken(["x"]), threshold: 0.5)) < 0.5)
    }

    /// A cell read by OCR: Tesseract's confidence in the reading factor; a cell it is unsure of
    /// stays under the threshold even when its sums hold; sums confirm a surer one as for text.
    @Test func ocrCellsCarryTheRecognizersConfidence() {
        func ocr(_ recognition: Double, _ checks: ConfidenceModel.CheckState, reading: Reading = .clean) -> Double {
            roundedConfidence(ConfidenceModel.score(.init(path: .ocr, match: .exact, reading: reading, recognition: recognition,
                                                                checks: checks, threshold: 0.9)))
        }
        #expect(ocr(0.96, .none) == 0.93)
        #expect(ocr(0.8, .none) == 0.77)
        #expect(ocr(0.6, .held(2)) == 0.98)
        #expect(ocr(0.3, .held(2)) == 0.89)
        #expect(ocr(0.96, .broken(["s3.balance.total"])) <= 0.89)
        // A blank in an OCR'd table has no recognition: it is a blank, which a check must confirm.
        #expect(ConfidenceModel.score(.init(path: .ocr, match: .exact, reading: .blankAsZero, checks: .none, threshold: 0.9)) < 0.9)
    }

    @Test func roundingNeverLiftsAFieldOverTheThreshold() {
        #expect(roundedConfidence(0.8999) == 0.89)
        #expect(roundedConfidence(0.9) == 0.9)
    }

    @Test func checkStateComesFromTheChecksAFieldIsIn() {
        // Two sums: x + y = t (held), y + z = u (broken by y or z; y is cleared by the first sum).
        let (x, y, t, z, u, v, w) = Self.someKeys
        let sums = [
            Checks.Sum(rule: "a", leftLabels: ["x", "y"], left: [x, y], rightLabels: ["t"], right: [t]),
            Checks.Sum(rule: "b", leftLabels: ["y", "z"], left: [y, z], rightLabels: ["u"], right: [u]),
            Checks.Sum(rule: "c", leftLabels: ["v"], left: [v], rightLabels: ["w"], right: [w]),
        ]
        let values = Checks.Values([(x, .integer(1)), (y, .integer(2)), (t, .integer(3)), (z, .integer(0)), (u, .integer(5)),
                                    (v, .integer(0)), (w, nil)])
        let checks = sums.map { $0.result(values) }
        let bearings = CheckEvidence.bearings(checks: checks, sums: sums, values: values, blanks: FieldTable([(z, true)]))
        #expect(bearings[x]?.state == .held(1))
        // y: in the broken sum, but its other sum holds: the error is located at z and u.
        #expect(bearings[y]?.state == .held(2))
        #expect(bearings[y]?.locatedElsewhere == [CheckEvidence.Located(rule: "b", at: [z, u])])
        #expect(bearings[z]?.state == .broken(["b"]))
        #expect(bearings[u]?.state == .broken(["b"]))
        // A sum not evaluated bears on nothing.
        #expect(bearings[v] == nil && bearings[w] == nil)
    }

    /// Seven keys of the catalogue, for sums made up for a test: the checks keep values by field.
    static let someKeys = ("s3.new.natural_person", "s3.new.business", "s3.new.research", "s3.new.public_interest",
                           "s3.new.legal_services", "s3.new.other_org", "s3.new.total")

    @Test func valuesAreKeptOnlyForTheCataloguesFields() {
        var values = Checks.Values([("s3.new.total", .integer(3)), ("s3.new.total", .integer(4)), ("no.such.field", .integer(1))])
        #expect(values["s3.new.total"] == .some(.integer(3)))
        #expect(values["no.such.field"] == nil)
        values["s3.new.business"] = .some(nil)
        #expect(values["s3.new.business"] == .some(nil))
        var outside = Checks.Values([("no.such.field", .integer(1))])
        outside["no.such.field"] = .integer(2)
        #expect(outside.isEmpty && !values.isEmpty)
    }

    @Test func sumsSayWhatTheyAdd() {
        let (a, b, c, d, e, m1, m2) = Self.someKeys
        let values = Checks.Values([(a, .integer(137)), (b, .integer(5)), (c, .integer(137)), (d, .integer(5)), (e, nil)])
        let held = Checks.Sum(rule: "s3.balance.natural_person", leftLabels: ["一", "二"], left: [a, b],
                              rightLabels: ["三(七)", "四"], right: [c, d]).result(values)
        #expect(held.holds && held.evaluated)
        #expect(held.text == "一 + 二 = 三(七) + 四: 137 + 5 = 137 + 5")
        let broken = Checks.Sum(rule: "r", leftLabels: ["一"], left: [a], rightLabels: ["四"], right: [d]).result(values)
        #expect(!broken.holds && broken.text == "一 = 四: 137 ≠ 5")
        let missing = Checks.Sum(rule: "r", leftLabels: ["一"], left: [a], rightLabels: ["x"], right: [e]).result(values)
        #expect(!missing.evaluated && !missing.holds && missing.text.contains("not evaluated"))
        let money = Checks.Sum(rule: "m", leftLabels: ["a"], left: [m1, m2], rightLabels: ["t"], right: [a])
            .result(Checks.Values([(m1, .decimal(0.1)), (m2, .decimal(0.2)), (a, .decimal(0.3))]))
        #expect(money.holds)
    }

    @Test func checkRulesAreStableAndCoverTheTemplate() {
        let values = Checks.Values()
        let v2021 = Checks.evaluate(values, template: .v2021, otherAsOneRow: false).map(\.rule)
        #expect(v2021.count == 42)
        #expect(v2021.contains("s3.row_total.granted") && v2021.contains("s3.row_total.other.other"))
        #expect(v2021.contains("s3.balance.natural_person") && v2021.contains("s3.outcomes.total"))
        #expect(Array(v2021.suffix(3)) == ["s4.review", "s4.litigation_direct", "s4.litigation_after_review"])
        let v2019 = Checks.evaluate(values, template: .v2019, otherAsOneRow: true).map(\.rule)
        #expect(v2019.count == 40)
        #expect(v2019.contains("s3.row_total.other") && !v2019.contains("s3.row_total.other.other"))
    }
}
