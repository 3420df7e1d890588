import DocumentModel

/// Joins the text lines of a page into paragraphs, in reading order.
///
/// A line continues the paragraph above when it follows closely (gap under `maxGap` line heights),
/// starts at the text's left edge (an indented line opens a paragraph, as Chinese body text indents
/// its first line), and the line above ran to the right edge (a short line closes a paragraph).
public func paragraphs(of lines: [TextLine], page: Int, maxGap: Double = ReconstructionSettings.default.paragraphGap) -> [Paragraph] {
    guard let first = lines.first else { return [] }
    let ordered = lines.sorted { ($0.box.y0, $0.box.x0) < ($1.box.y0, $1.box.x0) }
    let left = lines.reduce(first.box.x0) { min($0, $1.box.x0) }
    let right = lines.reduce(first.box.x1) { max($0, $1.box.x1) }
    var result: [Paragraph] = []
    var current: (text: String, box: BoundingBox, last: TextLine)?
    for line in ordered {
        if let open = current, continues(open.last, with: line, left: left, right: right, maxGap: maxGap) {
            current = (open.text + line.text, open.box.union(line.box), line)
        } else {
            if let open = current { result.append(Paragraph(text: open.text, page: page, box: open.box)) }
            current = (line.text, line.box, line)
        }
    }
    if let open = current { result.append(Paragraph(text: open.text, page: page, box: open.box)) }
    return result
}

private func continues(_ above: TextLine, with line: TextLine, left: Double, right: Double, maxGap: Double) -> Bool {
    let height = max(above.box.height, line.box.height, 1)
    let gap = line.box.y0 - above.box.y1
    return gap >= -0.2 * height && gap < maxGap * height
        && line.box.x0 <= left + height
        && above.box.x1 >= right - 2 * height
}
