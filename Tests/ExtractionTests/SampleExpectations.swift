import DocumentModel
import Foundation

/// The sample reports committed under Samples/inbox, each as a DOCX and the PDF made from it.
enum Samples {
    static let names = [
        "suzhou-2023", "zhoukou-2023", "suqian-2020", "gongshu-2023", "zaozhuang-shizhong-2023",
        "zaozhuang-shizhong-2023-split", "zhoukou-2023-unruled", "gongshu-2023-landscape",
    ]

    /// The tables as scripts/make-samples built them into the DOCX: the ground truth of the extractors.
    static func expectedTables(_ name: String) throws -> [ExpectedTable] {
        let data = try Data(contentsOf: Paths.expected.appendingPathComponent("\(name).tables.json"))
        return try JSONDecoder().decode(ExpectedTables.self, from: data).tables
    }

    static func expectedRecord(_ name: String) throws -> ExpectedRecord {
        let data = try Data(contentsOf: Paths.expected.appendingPathComponent("\(name).json"))
        return try JSONDecoder().decode(ExpectedRecord.self, from: data)
    }
}

struct ExpectedTables: Decodable {
    var tables: [ExpectedTable]
}

struct ExpectedTable: Decodable {
    struct ExpectedCell: Decodable {
        var row: Int
        var col: Int
        var rowSpan: Int
        var colSpan: Int
        var text: String
    }

    var rows: Int
    var cols: Int
    var cells: [ExpectedCell]

    /// The same cells in the document model's terms, for a comparison that names the first difference.
    var modelCells: [Cell] {
        cells.map { Cell(row: $0.row, column: $0.col, rowSpan: $0.rowSpan, columnSpan: $0.colSpan, text: $0.text) }
            .sorted { ($0.row, $0.column) < ($1.row, $1.column) }
    }
}

struct ExpectedRecord: Decodable {
    var agency: String
    var year: Int
    var template: String
}
