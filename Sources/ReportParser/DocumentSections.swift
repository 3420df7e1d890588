import DocumentModel
import RecordModel

/// The report's sections, named by the numbers the template gives them.
enum ReportSection: String, CaseIterable, Sendable, Hashable {
    case overview = "一", proactive = "二", requests = "三", appeals = "四", problems = "五", otherMatters = "六"

    /// The heading's wording, without its number (reports number it `二、`, `2、`, `（二）` or not at all).
    var headingPatterns: [LabelPattern] {
        switch self {
        case .overview: [LabelPattern("总体情况")]
        case .proactive: [LabelPattern("主动公开政府信息情况", keywords: ["主动公开政府信息"])]
        case .requests: [LabelPattern("收到和处理政府信息公开申请情况", keywords: ["处理政府信息公开申请", "依申请公开情况"])]
        case .appeals: [LabelPattern("政府信息公开行政复议、行政诉讼情况", keywords: ["行政复议行政诉讼"])]
        case .problems: [LabelPattern("存在的主要问题及改进情况", "存在的主要问题和改进措施", "存在问题及改进情况",
                                      keywords: ["存在的主要问题", "存在问题"])]
        case .otherMatters: [LabelPattern("其他需要报告的事项")]
        }
    }
}

/// How the blocks of a document are assigned to sections: headings by their wording, tables by
/// what their header cells say (a table's position or the number of tables proves nothing).
enum DocumentSections {
    /// A paragraph that is a section heading: short, and its wording (numbering aside) is a
    /// heading's. `compact`: the paragraph's text compacted (`LabelText.compact`).
    static func heading(compact: String) -> ReportSection? {
        // Headings are short; a sentence that mentions 主动公开政府信息 is body text.
        guard let key = LabelText.key(compact: compact, atMost: 24), !key.isEmpty else { return nil }
        return headings.best(key: LabelKey(key))?.0
    }

    /// Built once, not per paragraph: building a pattern normalizes its wording.
    private static let headings = LabelChoice(ReportSection.allCases.flatMap { section in section.headingPatterns.map { (section, $0) } })

    /// Labels of the template's header cells, by the section whose tables print them.
    private static let markers = LabelChoice<ReportSection>([
        (.proactive, TemplateLabels.informationContent),
        (.proactive, ProactiveRow.rules.pattern), (.proactive, ProactiveRow.licensing.pattern),
        (.proactive, ProactiveRow.penalty.pattern), (.proactive, ProactiveRow.fees.pattern),
        (.requests, Applicant.naturalPerson.pattern), (.requests, LabelPattern("申请人情况")),
        (.requests, RequestRow.new.pattern), (.requests, RequestRow.granted.pattern),
        (.requests, Applicant.business.pattern),
        (.appeals, AppealGroup.review.pattern), (.appeals, TemplateLabels.litigationParent),
        (.appeals, AppealGroup.litigationDirect.pattern), (.appeals, AppealGroup.litigationAfterReview.pattern),
    ])

    /// What a table's cells say about the section it belongs to, and the cells that say it.
    static func classify(_ table: Table, keys: CellKeys) -> (section: ReportSection, evidence: [String])? {
        var evidence: [ReportSection: [String]] = [:]
        // A figure or an empty cell (most of a table) is no header: no marker's key is digits.
        for cell in table.cells where !LabelText.isFigure(keys[cell].text) {
            let key = keys[cell]
            if TemplateLabels.isArticleTwentyHeading(key: key.text) {
                evidence[.proactive, default: []].append(cell.text)
                continue
            }
            // Only exact forms count: a dictionary look-up, not a comparison with each marker.
            for section in markers.exactOwners(key: key) {
                evidence[section, default: []].append(cell.text)
            }
        }
        // Two distinct markers make a classification; one could be a stray cell. A tie names no
        // section: the heading above decides.
        let counts = ReportSection.allCases.map { ($0, Set(evidence[$0] ?? []).count) }.sorted { $0.1 > $1.1 }
        guard let (section, count) = counts.first, count >= 2, counts.dropFirst().first?.1 != count else { return nil }
        return (section, Array(Set(evidence[section] ?? [])).sorted())
    }

    /// Every table of the document with the section it belongs to: by its own cells when they say,
    /// else by the heading above it. `compactParagraphs`: the document's paragraphs compacted, in
    /// order (`LabelText.compact`), as the parser reads them once for headings, title and body.
    static func locateTables(in document: Document, compactParagraphs: [String]) -> [LocatedTable] {
        var current: ReportSection?
        var currentHeading: String?
        var located: [LocatedTable] = []
        var tableIndex = 0
        var compactParagraphs = compactParagraphs.makeIterator()
        for block in document.blocks {
            switch block {
            case .paragraph(let paragraph):
                if let compact = compactParagraphs.next(), let section = heading(compact: compact) {
                    current = section
                    currentHeading = LabelText.trimmed(paragraph.text)
                }
            case .table(let table):
                tableIndex += 1
                let keys = CellKeys(table)
                let byContent = classify(table, keys: keys)
                let section = byContent?.section ?? current
                var reason: String
                if let byContent {
                    reason = "header cells " + byContent.evidence.prefix(3).map { "`\(flat($0))`" }.joined(separator: ", ")
                    if let current, current != byContent.section, let currentHeading {
                        reason += " (below heading `\(currentHeading)`, which names section \(current.rawValue))"
                    } else if let currentHeading {
                        reason += ", below heading `\(currentHeading)`"
                    }
                } else if let currentHeading {
                    reason = "below heading `\(currentHeading)` (its cells name no section)"
                } else {
                    reason = "no heading above and no telling header cells"
                }
                let path = ExtractionPath(kind: document.kind, layout: table.layout, recognized: table.cells.contains { $0.confidence != nil })
                located.append(LocatedTable(index: tableIndex, table: table, section: section, reason: reason, path: path, keys: keys))
            }
        }
        return located
    }
}

/// A table of the document, with its 1-based index among the document's tables and its section.
struct LocatedTable: Sendable, Hashable {
    /// What the table is, and where it was located.
    private struct Parts: Sendable, Hashable {
        let index: Int
        let table: Table
        let section: ReportSection?
        let reason: String
        let path: ExtractionPath
        let keys: CellKeys
    }

    /// The parts, immutable and shared by every copy: a located table is copied into each row
    /// found in it and each field's trace, and copying the parts retained each of them.
    private final class SharedParts: Sendable {
        let parts: Parts

        init(_ parts: Parts) {
            self.parts = parts
        }
    }

    private let shared: SharedParts

    init(index: Int, table: Table, section: ReportSection?, reason: String, path: ExtractionPath, keys: CellKeys) {
        shared = SharedParts(Parts(index: index, table: table, section: section, reason: reason, path: path, keys: keys))
    }

    var index: Int { shared.parts.index }
    var table: Table { shared.parts.table }
    var section: ReportSection? { shared.parts.section }
    /// Why it was assigned to its section, for `explain`.
    var reason: String { shared.parts.reason }
    var path: ExtractionPath { shared.parts.path }
    var keys: CellKeys { shared.parts.keys }

    /// Equal by what it is, as the parts are.
    static func == (lhs: LocatedTable, rhs: LocatedTable) -> Bool {
        lhs.shared === rhs.shared || lhs.shared.parts == rhs.shared.parts
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(shared.parts)
    }

    /// The record's `source` of a cell of this table.
    func source(of cell: Cell) -> FieldSource? {
        switch path {
        case .docx:
            return .docx(table: index, row: cell.row, column: cell.column)
        case .ruledPDF, .unruledPDF, .ocr:
            // A DOCX's picture has no page: its cells stand in the table it became.
            guard let page = cell.page, let box = cell.box else {
                return path == .ocr ? .docx(table: index, row: cell.row, column: cell.column) : nil
            }
            return .pdf(page: page, box: box)
        }
    }

    func place(of cell: Cell) -> String {
        "table \(index) row \(cell.row) col \(cell.column)"
    }
}

/// Each cell's key (`LabelText.key`) of one table, made and hashed once as the table is located:
/// the sections' scans read every cell's label again, and look each up among the template's forms.
struct CellKeys: Sendable, Hashable {
    /// By the grid place each cell starts at (row-major).
    private let keys: [LabelKey]
    private let columnCount: Int

    init(_ table: Table) {
        var keys = [LabelKey](repeating: LabelKey(""), count: table.rowCount * table.columnCount)
        for cell in table.cells { keys[cell.row * table.columnCount + cell.column] = LabelText.labelKey(cell.text) }
        self.keys = keys
        self.columnCount = table.columnCount
    }

    /// The key of a cell of the table.
    subscript(cell: Cell) -> LabelKey {
        keys[cell.row * columnCount + cell.column]
    }
}

/// Which extraction produced a table, which says how far its grid can be trusted.
enum ExtractionPath: String, Sendable, Hashable {
    case docx = "DOCX"
    case ruledPDF = "ruled PDF"
    case unruledPDF = "unruled PDF"
    /// A ruled table read from pixels (a scanned page): the grid from the lines, the text by OCR.
    case ocr = "OCR"

    /// `recognized`: some cell of the table was read by OCR. A table guessed from the alignment of
    /// OCR'd text stays an unruled one, every field of which is kept for review anyway.
    init(kind: SourceKind, layout: TableLayout, recognized: Bool) {
        switch (kind, layout) {
        // A ruled table read from pixels, a DOCX's picture as a scan's page: OCR's text.
        case (_, .ruled) where recognized: self = .ocr
        // A web page's tables are markup as a DOCX's are: the grid is exact.
        case (.docx, _), (.html, _), (_, .markup): self = .docx
        case (.pdf, .ruled): self = .ruledPDF
        case (.pdf, .aligned): self = .unruledPDF
        }
    }
}

/// A label for messages: one line, trimmed.
func flat(_ text: String) -> String {
    // Newlines are whitespace: text without any is flat already (most labels are).
    if LabelText.hasNoWhitespace(text) { return text }
    return LabelText.trimmed(text).split(whereSeparator: \.isNewline).map { LabelText.trimmed(String($0)) }.joined(separator: " ")
}
