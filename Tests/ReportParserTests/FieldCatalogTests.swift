import Foundation
import RecordModel
import ReportParser
import Testing

@Suite struct FieldCatalogTests {
    @Test func eachTemplateHasItsFieldsOnceInOrder() {
        let v2021 = FieldCatalog.fields(of: .v2021).map(\.key)
        let v2019 = FieldCatalog.fields(of: .v2019).map(\.key)
        #expect(v2021.count == 200)
        #expect(v2019.count == 198)
        #expect(Set(v2021).count == v2021.count)
        #expect(Set(v2019).count == v2019.count)
        #expect(v2021.first == "s2.rules.issued")
        #expect(v2021.contains("s3.other.overdue_correction.total") && !v2019.contains("s3.other.overdue_correction.total"))
        #expect(v2019.contains("s2.procurement.amount_10k_yuan") && !v2021.contains("s2.procurement.amount_10k_yuan"))
        #expect(v2019.last == "s4.litigation_after_review.total")
    }

    /// The catalog is generated from the contract; this catches a contract that moved on without it.
    @Test func catalogMatchesTheSharedSpecWhenPresent() throws {
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/spec/fields.tsv").standardizedFileURL
        guard let text = try? String(contentsOf: spec, encoding: .utf8) else { return }
        let keys = text.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) }
        let catalog = FieldCatalog.fields(of: .v2021).map(\.key) + FieldCatalog.fields(of: .v2019).map(\.key)
        #expect(Set(keys) == Set(catalog))
    }
}
