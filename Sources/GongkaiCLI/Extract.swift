import ArgumentParser
import DocumentModel
import Foundation

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract reports and print what was found in each.",
        discussion: "Exit status 2 when any file cannot be read; every readable file is still reported."
    )

    @Argument(help: "PDF or DOCX files.")
    var files: [String]

    @Flag(help: "Also print every paragraph, in reading order.")
    var text = false

    func run() throws {
        var failed = false
        for file in files {
            do {
                let document = try SourceReader.read(path: file)
                print(summary(of: document, file: file))
                if text {
                    for paragraph in document.paragraphs { print("  ¶ " + paragraph.text.replacingOccurrences(of: "\n", with: "⏎")) }
                }
            } catch {
                failed = true
                report(error)
            }
        }
        if failed { throw ExitCode(2) }
    }
}

/// What a person checks first: pages, paragraphs, tables and their sizes, unreadable pages.
func summary(of document: Document, file: String) -> String {
    var lines: [String] = []
    let tables = document.tables
    let sizes = tables.map { "\($0.rowCount)×\($0.columnCount)" }.joined(separator: ", ")
    var head = "\(file): \(document.kind.rawValue)"
    if document.kind == .pdf { head += ", \(document.pages.count) pages" }
    head += ", \(document.paragraphs.count) paragraphs, \(tables.count) tables"
    if !tables.isEmpty { head += " (\(sizes))" }
    lines.append(head)
    for page in document.pages {
        var line = "  page \(page.number): \(Int(page.width.rounded()))×\(Int(page.height.rounded())) pt"
        line += page.isLandscape ? " landscape" : ""
        line += ", \(page.runs.count) characters, \(page.lines.count) lines, \(page.rulings.count) rulings"
        if page.runs.isEmpty { line += ", no text layer (scanned?)" }
        if page.isUnreadable { line += ", text unreadable (font without Unicode map)" }
        lines.append(line)
    }
    return lines.joined(separator: "\n")
}
