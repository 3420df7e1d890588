/// What a cell's text is, as tables print it: a figure, or the start of a numbered item. Stitching
/// reads it at a page break and the aligned grid to tell values from labels.

/// Figures as tables print them: digits (ASCII or full-width) with their separators, a sign, and
/// a unit or percent sign (`629万`, `13,885.63`, `12%`). A dash alone is a blank, not a number.
func isNumber(_ text: String) -> Bool {
    var digits = 0
    for character in text where !character.isWhitespace {
        if isDigit(character) {
            digits += 1
        } else if !numberPunctuation.contains(character) {
            return false
        }
    }
    return digits > 0
}

private func isDigit(_ character: Character) -> Bool {
    guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return false }
    return (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value)
}

private let numberPunctuation: Set<Character> = [".", ",", "，", "．", "-", "−", "+", "%", "％", "万", "亿", "元", "件", "个", "条"]

/// A value cell's text: a figure, or a dash written for none (`-`, `—`, `/`).
func isValue(_ text: String) -> Bool {
    let content = text.filter { !$0.isWhitespace }
    return isNumber(content) || (!content.isEmpty && content.allSatisfy(noneMarks.contains))
}

private let noneMarks: Set<Character> = ["-", "－", "—", "–", "─", "/", "／", "\\"]

/// Opens with an item number as Chinese documents write them: `1.`, `2、`, `(3)`, `（四）`, `五、`, `十一、`.
func opensWithItemNumber(_ text: String) -> Bool {
    var rest = Substring(text.drop { $0.isWhitespace })
    let bracketed = rest.first == "(" || rest.first == "（"
    if bracketed { rest = rest.dropFirst() }
    let numeral = rest.prefix { isDigit($0) || chineseNumerals.contains($0) }
    guard !numeral.isEmpty, let mark = rest.dropFirst(numeral.count).first else { return false }
    return bracketed ? (mark == ")" || mark == "）") : itemMarks.contains(mark)
}

/// An item number and nothing else: `(一)`, `1.`, `三、`.
func isItemNumber(_ text: String) -> Bool {
    guard let last = text.last else { return false }
    return opensWithItemNumber(text) && itemMarks.contains(last)
        && text.dropLast().allSatisfy { isDigit($0) || chineseNumerals.contains($0) || $0 == "(" || $0 == "（" }
}

private let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
private let itemMarks: Set<Character> = [".", "．", "、", ")", "）"]
