import RecordModel

/// The parser's record. GRDB has a `Record` too and the parser's module shares its enum's name,
/// so the name is settled here, in a file that sees only the parser.
public typealias ReportRecord = Record
