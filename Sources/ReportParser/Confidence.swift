/// The confidence model: the estimate that a field's value is what the agency printed.
///
///     confidence = path × location × reading            (then checks, then caps)
///
/// - path, how the table was extracted: DOCX 0.99 (the grid is the file's own markup),
///   ruled PDF 0.97 (the grid read from drawn lines), OCR 0.97 (a ruled grid read from a scan's
///   lines, its text recognized), unruled PDF 0.85 (the grid guessed from text alignment).
/// - location, how the cell was found: exact label 1.00, fuzzy label 0.96 (a known misprint,
///   a close spelling, a keyword), position only 0.85.
/// - reading, how the text became a number: clean 1.00, normalized 0.98 (full-width digits,
///   thousands separators, the template's unit 万元), converted 0.75 (`629万` in a count cell),
///   blank or dash read as 0: 0.80; unreadable: no value, confidence 0. On the OCR path it is
///   multiplied by the recognizer's confidence in the cell (`Cell.confidence`, 0–1: Tesseract's
///   own where its readings of the figure agree, at most 0.6 where only most do, 0.3 where none do).
/// - checks: when every evaluated check the field is in holds (and at least one does), the sum
///   confirms the number read: reading becomes 1.00 and half the path's doubt goes
///   (`path + (1 − path) / 2`). A check never confirms *where* a cell stood (rows swapped keep
///   every sum), so location is left alone. When any check the field is in is broken, the field
///   is capped at 0.6 × its score and below the review threshold: the printed value is kept.
/// - caps: a blank or a unit conversion no check confirms, a position-only cell, a cell of an
///   unruled PDF (whose label merges are not reliable yet), and an OCR'd cell the recognizer is
///   unsure of (under 0.5: its readings disagreed), checks or not, stay below the review
///   threshold; the score never exceeds 0.99.
///
/// So, with the 0.9 threshold: a clean exact DOCX cell is 0.99; a ruled PDF one 0.97, 0.98 when
/// its sums hold; a blank in section 三 whose row and column add up is 0.99 (DOCX); `629万` in
/// section 二 (no check) is 0.74; a fuzzy label 0.95; anything in a broken sum ≤ 0.59.
enum ConfidenceModel {
    // Switches rather than dictionaries: these enums hash by their raw strings, three look-ups a field.
    static func pathFactor(_ path: ExtractionPath) -> Double {
        switch path {
        case .docx: 0.99
        case .ruledPDF: 0.97
        case .unruledPDF: 0.85
        case .ocr: 0.97
        }
    }

    /// Under this the recognizer's confidence in a cell, the cell stays under review whatever the
    /// checks say: its readings disagreed, so a check that holds may hold by a second misreading.
    static let unsureRecognition = 0.5

    static func locationFactor(_ match: MatchKind) -> Double {
        switch match {
        case .exact: 1.0
        case .fuzzy: 0.96
        case .position: 0.85
        }
    }

    static func readingFactor(_ reading: Reading) -> Double {
        switch reading {
        case .clean: 1.0
        case .normalized: 0.98
        case .converted: 0.75
        case .blankAsZero: 0.80
        case .unreadable: 0
        }
    }
    static let brokenCheckFactor = 0.6
    static let ceiling = 0.99

    /// The checks as they bear on one field.
    enum CheckState: Sendable, Hashable {
        case none
        case held(Int)
        case broken([String])
    }

    /// The check state of every key some evaluated check involves (the others' is `.none`). One
    /// pass over the checks: searching them all for each field was a twentieth of the parser's time.
    static func checkStates(_ checks: [CheckResult]) -> [String: CheckState] {
        // Each key's state updated in place, check by check: one look-up a key of a check.
        var states: [String: (state: CheckState, lastCheck: Int)] = [:]
        for (index, check) in checks.enumerated() where check.evaluated {
            for key in check.keys {
                update(&states[key, default: (.none, -1)], with: check, index: index)
            }
        }
        return states.mapValues(\.state)
    }

    private static func update(_ entry: inout (state: CheckState, lastCheck: Int), with check: CheckResult, index: Int) {
        // A key listed twice in one check still counts that check once.
        guard entry.lastCheck != index else { return }
        entry.lastCheck = index
        switch (entry.state, check.holds) {
        case (.none, true): entry.state = .held(1)
        case (.held(let count), true): entry.state = .held(count + 1)
        case (.none, false), (.held, false): entry.state = .broken([check.rule])
        case (.broken, true): break
        case (.broken(let rules), false): entry.state = .broken(rules + [check.rule])
        }
    }

    /// What a field's score is worked out from.
    struct Factors: Sendable, Hashable {
        var path: ExtractionPath
        var match: MatchKind
        var reading: Reading
        /// The recognizer's confidence in the cell, for a cell read by OCR.
        var recognition: Double?
        var checks: CheckState
        var threshold: Double
    }

    static func score(_ factors: Factors) -> Double {
        score(factors, explaining: false).confidence
    }

    /// The arithmetic behind the score, for `explain`.
    static func arithmetic(_ factors: Factors) -> String {
        score(factors, explaining: true).arithmetic ?? ""
    }

    /// The score, and when `explaining` the arithmetic behind it: written only then, since a
    /// record is explained rarely and scored always.
    private static func score(_ factors: Factors, explaining: Bool) -> (confidence: Double, arithmetic: String?) {
        let (path, match, reading, checks, threshold) = (factors.path, factors.match, factors.reading, factors.checks, factors.threshold)
        guard reading != .unreadable else { return (0, explaining ? "no value: confidence 0" : nil) }
        var pathValue = pathFactor(path)
        let location = locationFactor(match)
        var readingValue = readingFactor(reading)
        // Optional chaining leaves each part unwritten (its arguments unevaluated) when not explaining.
        var text: String? = explaining ? "" : nil
        text?.append("\(path.rawValue) \(format(pathValue)) × \(match.rawValue) label \(format(location)) × \(reading.rawValue) \(format(readingValue))")
        if let recognition = factors.recognition {
            readingValue *= recognition
            text?.append(" × recognized \(format(recognition))")
        }
        if case .held(let count) = checks {
            pathValue += (1 - pathValue) / 2
            readingValue = 1
            text?.append("; \(count) check(s) hold → path \(format(pathValue)), reading 1.00")
        }
        var confidence = min(ceiling, pathValue * location * readingValue)
        text?.append(" = \(format(confidence))")
        let belowThreshold = max(0, threshold - 0.01)
        switch checks {
        case .broken(let rules):
            confidence = min(confidence * brokenCheckFactor, belowThreshold)
            text?.append("; broken check(s) \(rules.joined(separator: ", ")) → × \(format(brokenCheckFactor)), below the threshold: \(format(confidence))")
        case .none where reading == .blankAsZero || reading == .converted:
            confidence = min(confidence, belowThreshold)
            text?.append("; no check confirms the \(reading == .blankAsZero ? "blank" : "conversion") → below the threshold: \(format(confidence))")
        default:
            break
        }
        if match == .position || path == .unruledPDF, confidence >= threshold {
            confidence = belowThreshold
            text?.append("; \(match == .position ? "position only" : "unruled PDF") → below the threshold: \(format(confidence))")
        }
        if let recognition = factors.recognition, recognition < unsureRecognition, confidence >= threshold {
            confidence = belowThreshold
            text?.append("; recognized with \(format(recognition)) only → below the threshold: \(format(confidence))")
        }
        return (confidence, text)
    }

    /// Rounds down to two decimals, as the record prints it: rounding must never lift a field over
    /// the threshold.
    static func rounded(_ confidence: Double) -> Double {
        (confidence * 100 + 1e-9).rounded(.down) / 100
    }
}
