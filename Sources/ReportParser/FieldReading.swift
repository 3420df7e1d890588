import DocumentModel
import RecordModel

/// One field as found in a table: the cell, how its labels matched, how its text was read.
/// Everything the confidence model and `explain` need, before checks are applied.
struct FieldReading: Sendable, Hashable {
    var key: String
    /// The cell's trimmed text; nil for a value derived from other cells.
    var raw: String?
    var parsed: ParsedValue
    var source: FieldSource?
    var path: ExtractionPath
    /// The OCR's confidence in the cell's text (`Cell.confidence`), nil for text from the file.
    var recognition: Double?
    /// The worse of the row's and the column's label match.
    var match: MatchKind
    /// Where and by which labels it was found, for `explain`.
    var trace: [TraceLine]
    /// Notes from locating it (a label split over two rows, a derived value).
    var notes: [String]

    /// Reads a cell found by its row and column labels.
    init(key: String, cell: Cell?, kind: ValueKind, table: LocatedTable, rowLabel: String, rowMatch: LabelMatch,
         columnLabel: String, columnMatch: LabelMatch, notes: [String] = []) {
        self.key = key
        let text = cell.map { LabelText.trimmed($0.text) } ?? ""
        self.raw = cell == nil ? nil : text
        self.parsed = cell == nil
            ? ParsedValue(number: nil, reading: .unreadable, notes: ["no cell at the labels' crossing"])
            : ValueParser.parse(text, as: kind)
        self.source = cell.flatMap { table.source(of: $0) }
        self.path = table.path
        self.recognition = cell?.confidence
        self.match = min(rowMatch.kind, columnMatch.kind)
        var notes = notes
        // Most fields are found by exact labels: the pair is not built for them.
        if rowMatch.kind != .exact || columnMatch.kind != .exact {
            for (what, label, match) in [("row", rowLabel, rowMatch), ("column", columnLabel, columnMatch)] where match.kind != .exact {
                notes.append(match.kind == .position
                    ? "\(what) found by position only (\(match.reason))"
                    : "\(what) label `\(flat(label))` matched loosely: \(match.reason)")
            }
        }
        self.notes = notes
        self.trace = [.found(cell, in: table), .label(role: "row", text: rowLabel, match: rowMatch),
                      .label(role: "column", text: columnLabel, match: columnMatch), .read(raw: text, as: parsed)]
    }

    var value: FieldNumber? { parsed.number }
}
