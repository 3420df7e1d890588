import RecordModel

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
/// - checks (`CheckEvidence`): when a check through the field confirms it (holds with a printed
///   number or the text's figure taking part, or is broken but located at other fields), the sum
///   confirms the number read: reading becomes 1.00 and half the path's doubt goes
///   (`path + (1 − path) / 2`). A check never confirms *where* a cell stood (rows swapped keep
///   every sum), so location is left alone. When a broken check points at the field (every sum
///   through it is broken, or the text states another figure), the field is capped at 0.6 × its
///   score and below the review threshold: the printed value is kept. A check of blanks alone
///   confirms nothing.
/// - text only: a field no table gave takes the figure the text states at 0.5, under the threshold.
/// - the record's attributes: the agency read from the title 0.80, 0.97 when the body names it,
///   0.92 when the body names only its last unit (`市公安局` for `周口市公安局`); the year read
///   from the title 0.85, 0.99 when the body confirms it (the statistics period, or two mentions),
///   0.90 from the statistics period alone; the template 0.99 when the tables' evidence is
///   unopposed, 0.95 when it outweighs the other template's three to one, 0.70 otherwise, 0.50
///   when nothing in the tables says and the year decides.
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

    /// A field only the text states: a reviewer confirms it rather than types it, but nothing
    /// printed in a table vouches for it.
    static let textOnly = 0.5

    static func statedInTextOnly(threshold: Double) -> Double {
        min(textOnly, max(0, threshold - 0.01))
    }

    static func statedInTextOnlyArithmetic(threshold: Double) -> String {
        "the text's figure alone \(format(textOnly)), below the threshold: \(format(statedInTextOnly(threshold: threshold)))"
    }

    // MARK: The record's attributes

    /// How the agency's name was confirmed.
    enum AgencyEvidence: Sendable, Hashable {
        /// Read from the title; the body does not name it.
        case titleOnly
        /// The body names it in full.
        case bodyNamesIt
        /// The body names only its last unit with its level (`市公安局`).
        case bodyNamesItsLastUnit
    }

    static func agencyConfidence(_ evidence: AgencyEvidence) -> Double {
        switch evidence {
        case .titleOnly: 0.8
        case .bodyNamesIt: 0.97
        case .bodyNamesItsLastUnit: 0.92
        }
    }

    /// How the year was read.
    enum YearEvidence: Sendable, Hashable {
        /// From the title; the body does not confirm it.
        case titleOnly
        /// From the title, confirmed by the body's statistics period or two mentions.
        case titleConfirmed
        /// No year in the title: the statistics period's (`2023年1月1日至…`).
        case statisticsPeriod
    }

    static func yearConfidence(_ evidence: YearEvidence) -> Double {
        switch evidence {
        case .titleOnly: 0.85
        case .titleConfirmed: 0.99
        case .statisticsPeriod: 0.9
        }
    }

    /// The template from the tables' evidence for the chosen template and against it (the
    /// other's): unopposed 0.99, outweighed three to one 0.95, else 0.70.
    static func templateConfidence(for winner: Double, against loser: Double) -> Double {
        loser == 0 ? 0.99 : winner >= 3 * loser ? 0.95 : 0.7
    }

    /// Nothing in the tables tells the template: the year chose it, and review should confirm.
    static let templateFromYearOnly = 0.5

    /// The checks as they bear on one field.
    enum CheckState: Sendable, Hashable {
        case none
        case held(Int)
        case broken([String])
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
}
