import ArgumentParser
import DocumentModel
import Foundation
import SourceReading

struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Print the reconstructed tables of a file as aligned text grids.",
        discussion: """
            A cell's text stands at its top-left grid position; positions it spans show ← (covered from \
            the left) or ↑ (covered from above); · is a position no cell covers. Line breaks inside a \
            cell show as ⏎.
            """
    )

    @Argument(help: "A PDF or DOCX file.")
    var file: String

    @Option(help: "Widest a column is drawn, in terminal columns; longer text is cut with …")
    var width = 24

    func run() throws {
        do {
            let document = try SourceReader.read(path: file)
            let tables = document.tables
            print("\(file): \(tables.count) tables")
            for (index, table) in tables.enumerated() {
                print("\ntable \(index + 1): \(table.rowCount) rows × \(table.columnCount) columns")
                print(renderGrid(table, maxWidth: max(width, 4)))
            }
        } catch {
            report(error)
            throw ExitCode(2)
        }
    }
}

/// The table as text rows, every grid position drawn, so spans can be checked by eye.
func renderGrid(_ table: Table, maxWidth: Int) -> String {
    var grid: [[String]] = []
    for row in 0..<table.rowCount {
        var line: [String] = []
        for column in 0..<table.columnCount {
            guard let cell = table.cell(row: row, column: column) else {
                line.append("·")
                continue
            }
            if cell.row == row && cell.column == column {
                line.append(truncate(cell.text.replacingOccurrences(of: "\n", with: "⏎"), to: maxWidth))
            } else {
                line.append(cell.row == row ? "←" : "↑")
            }
        }
        grid.append(line)
    }
    let widths = (0..<table.columnCount).map { column in
        grid.map { displayWidth($0[column]) }.max() ?? 1
    }
    return grid.map { line in
        "| " + line.enumerated().map { column, text in
            text + String(repeating: " ", count: widths[column] - displayWidth(text))
        }.joined(separator: " | ") + " |"
    }.joined(separator: "\n")
}

private func truncate(_ text: String, to width: Int) -> String {
    guard displayWidth(text) > width else { return text }
    var result = ""
    for character in text {
        if displayWidth(result) + displayWidth(String(character)) > width - 1 { break }
        result.append(character)
    }
    return result + "…"
}

/// Terminal columns: CJK ideographs, kana, hangul and full-width forms take two.
func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            width + 2
        default:
            width + 1
        }
    }
}
