import DocumentModel
import RecordModel

/// A line of how a field was found, read and scored (`Record.explain(key:)`), kept as what it
/// says and written out only when the field is explained: every record is written, few are
/// explained, and writing the lines of every field was a fifth of the parser's time.
enum TraceLine: TraceStep, Hashable {
    /// The cell a field was read from, or the table when no cell stands at the labels' crossing.
    case found(Cell?, in: LocatedTable)
    /// How the row's or the column's label (`role`) matched the template's.
    case label(role: String, text: String, match: LabelMatch)
    /// The cell's trimmed text and what it was read as.
    case read(raw: String, as: ParsedValue)
    /// The score from its factors (see `ConfidenceModel.score`).
    case scored(ConfidenceModel.Factors)
    /// A line written already (a derived value, a field not found).
    case text(String)

    var text: String {
        switch self {
        case .found(let cell, let table):
            let section = table.section.map { "section \($0.rawValue)" } ?? "no section"
            return "found in \(cell.map(table.place(of:)) ?? "table \(table.index)") (\(table.path.rawValue), \(section): \(table.reason))"
        case .label(let role, let text, let match):
            return "\(role) label `\(flat(text))`: \(match.kind.rawValue) (\(match.reason))"
        case .read(let raw, let parsed):
            return "raw `\(raw)` read as \(parsed.number?.description ?? "nothing"): \(parsed.reading.rawValue)"
                + (parsed.notes.isEmpty ? "" : " (" + parsed.notes.joined(separator: "; ") + ")")
        case .scored(let factors):
            return "confidence: " + ConfidenceModel.arithmetic(factors)
        case .text(let text):
            return text
        }
    }
}
