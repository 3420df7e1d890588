/// Groups characters into lines by geometry alone.
///
/// Characters belong to one line when their boxes overlap vertically by more than half the smaller
/// height. Within a line, a gap wider than `columnGap` font sizes starts a new line segment (two table
/// cells side by side are not one line), and a gap wider than `wordGap` font sizes is a space.
public func buildLines(from characters: [TextRun], wordGap: Double = 0.25, columnGap: Double = 1.5) -> [TextLine] {
    var bands: [[TextRun]] = []
    // Characters arrive in poppler's reading order; sorting by top keeps band search local.
    for character in characters.sorted(by: { ($0.box.midY, $0.box.x0) < ($1.box.midY, $1.box.x0) }) {
        if let last = bands.indices.last, let anchor = bands[last].last,
           sharesBaseline(anchor.box, character.box) {
            bands[last].append(character)
        } else {
            bands.append([character])
        }
    }
    return bands.flatMap { band in
        segments(of: band.sorted { $0.box.x0 < $1.box.x0 }, wordGap: wordGap, columnGap: columnGap)
    }
}

public func sharesBaseline(_ a: BoundingBox, _ b: BoundingBox) -> Bool {
    a.verticalOverlap(with: b) > 0.5 * min(a.height, b.height)
}

private func segments(of band: [TextRun], wordGap: Double, columnGap: Double) -> [TextLine] {
    var lines: [TextLine] = []
    var current: [TextRun] = []
    var text = ""
    func close() {
        guard let first = current.first else { return }
        let box = current.dropFirst().reduce(first.box) { $0.union($1.box) }
        lines.append(TextLine(text: text, box: box, runs: current))
        current = []
        text = ""
    }
    for character in band {
        if let previous = current.last {
            let gap = character.box.x0 - previous.box.x1
            let size = max(previous.fontSize, character.fontSize, 1)
            if gap > columnGap * size {
                close()
            } else if gap > wordGap * size {
                text += " "
            }
        }
        current.append(character)
        text += character.text
    }
    close()
    return lines
}

/// The line segments that share a baseline with another: text in columns, as a table row puts
/// it. (Segments come from `buildLines`, which splits a line where a column gap opens.)
public func sideBySideLines(_ lines: [TextLine]) -> [TextLine] {
    let ordered = lines.sorted { $0.box.midY < $1.box.midY }
    var result: [TextLine] = []
    for (index, line) in ordered.enumerated() {
        let before = index > 0 && sharesBaseline(ordered[index - 1].box, line.box)
        let after = index + 1 < ordered.count && sharesBaseline(ordered[index + 1].box, line.box)
        if before || after { result.append(line) }
    }
    return result
}
