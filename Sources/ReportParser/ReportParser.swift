import AgencyIdentity
import DocumentModel
import RecordModel

/// Turns an extracted document into the record of record-format.md. Knows nothing of PDF or DOCX:
/// only paragraphs, and tables as merged-cell matrices.
public enum ReportParser {
    public static func parse(_ document: Document, source: SourceInfo, reviewThreshold: Double = 0.9) -> Record {
        // Each paragraph compacted once, for the headings, the title and the body.
        let paragraphs = document.paragraphs
        let compactParagraphs = paragraphs.map { LabelText.compact($0.text) }
        let located = DocumentSections.locateTables(in: document, compactParagraphs: compactParagraphs)
        let proactive = ProactiveTables.scan(located.filter { $0.section == .proactive })
        let requestHits = RequestTables.scan(located.filter { $0.section == .requests })
        let appealTables = located.filter { $0.section == .appeals }

        let titleLines = TitleReading.titleLines(paragraphs, compact: compactParagraphs)
        // The body, to confirm the title by: every paragraph after the title's (empty ones skipped
        // as the title skips them), for the agency and the year. Line breaks are whitespace, which
        // breaks no character: the paragraphs compacted and joined are the paragraphs joined by
        // line breaks and compacted.
        let body = compactParagraphs.filter { LabelText.hasKey(compact: $0) }
            .dropFirst(titleLines.count).joined()
        let agency = TitleReading.agency(titleLines: titleLines, body: body)
        // The body names the city of a district several cities have (鼓楼区).
        let identity = agency.value.map { AgencyResolver.resolve($0, clues: body) }
            ?? AgencyResolution(agency: nil, confidence: 0, notes: ["no agency name to resolve"])
        let year = TitleReading.year(titleLines: titleLines, body: body)

        let detected = TemplateDetection.detect(proactive: proactive, requests: requestHits, year: year.value)
        let template = detected.template
        var templateAttribute = RecordAttribute<Template>(value: template, confidence: detected.confidence)
        templateAttribute.trace = Trace([TraceLine.text("evidence: " + detected.evidence.joined(separator: "; "))])

        var readings = ProactiveTables.readings(from: proactive, template: template)
        for hit in requestHits {
            RequestTables.addReadings(of: hit, to: &readings)
        }
        readings.merge(AppealTables.readings(appealTables))
        let otherAsOneRow = requestHits.contains { $0.row == .otherAsOneRow }
            && !requestHits.contains { $0.row.group == .other }
        if template == .v2021, otherAsOneRow {
            readings.merge(OtherProcessing.subRowsFromOneRow(readings))
        }

        let values = readings.mapValues(\.value)
        let sums = Checks.sums(template: template, otherAsOneRow: otherAsOneRow)
        let statements = NarrativeFigures.statements(paragraphs: paragraphs, compact: compactParagraphs, year: year.value,
                                                     template: template, otherAsOneRow: otherAsOneRow)
        let checks = Checks.evaluate(values, template: template, otherAsOneRow: otherAsOneRow)
            + NarrativeFigures.checks(statements, values: values)
        let blanks = readings.mapValues { $0.parsed.reading == .blankAsZero }
        let bearings = CheckEvidence.bearings(checks: checks, sums: sums, values: values, blanks: blanks)
        let evidence = Evidence(checks: checks, sums: sums, values: values)
        let fields = FieldCatalog.places(of: template).map { place in
            let definition = FieldCatalog.definitions[place]
            // Looked up once: a reading is large, and each look-up copies it.
            let reading = readings[place: place]
            if reading == nil, let statement = statements.first(where: { $0.keys == [definition.key] }) {
                return fieldFromText(definition, statement: statement, threshold: reviewThreshold)
            }
            return fieldValue(definition, reading: reading, evidence: evidence,
                              bearing: bearings[place: place] ?? CheckEvidence.Bearing(), threshold: reviewThreshold)
        }
        return Record(source: source, agency: agency, identity: identity, year: year, template: templateAttribute, fields: fields, checks: checks)
    }

    /// What the notes on checks are written from: the record's checks, the template's sums and
    /// the values they were evaluated on.
    struct Evidence {
        var checks: [CheckResult]
        var sums: [Checks.Sum]
        var values: Checks.Values

        func check(_ rule: String) -> CheckResult? { checks.first { $0.rule == rule } }

        /// The check's text, and for a broken sum what its parts add up to against its total.
        func arithmetic(_ rule: String) -> String {
            guard let check = check(rule) else { return rule }
            guard !check.holds, let sum = sums.first(where: { $0.rule == rule }),
                  let arithmetic = CheckEvidence.arithmetic(of: sum, values: values) else { return check.text }
            return check.text + " (" + arithmetic + ")"
        }
    }

    /// A field of the record from its reading (or its absence), scored against the checks, whose
    /// bearing on it is `bearing`.
    static func fieldValue(_ definition: FieldDefinition, reading: FieldReading?, evidence: Evidence,
                           bearing: CheckEvidence.Bearing, threshold: Double) -> FieldValue {
        guard let reading else {
            var field = FieldValue(key: definition.key, value: nil, raw: nil, confidence: 0, source: nil,
                                   notes: ["not found: no cell labelled \(definition.label)"])
            field.trace = Trace([TraceLine.text("not found in any table of section \(definition.section)")])
            return field
        }
        let state = bearing.state
        let factors = ConfidenceModel.Factors(
            path: reading.path, match: reading.match, reading: reading.parsed.reading, recognition: reading.recognition,
            checks: state, threshold: threshold)
        let confidence = ConfidenceModel.score(factors)
        var notes = reading.notes + reading.parsed.notes
        if reading.path == .unruledPDF { notes.append("table without ruling lines: its grid was guessed from text alignment") }
        // What scoring adds to the reading's lines, kept apart: appended to them, the reading's
        // would be copied.
        var trace: [TraceLine] = []
        for rule in bearing.suspect {
            let line = "check \(rule) broken: " + evidence.arithmetic(rule)
            notes.append(line)
            trace.append(.text(line + "; the arithmetic points at this field"))
        }
        for located in bearing.locatedElsewhere where bearing.suspect.isEmpty {
            let confirmedBy = bearing.confirming.filter { $0 != located.rule }
            let line = "check \(located.rule) broken, but located at \(located.at.joined(separator: ", "))"
                + (confirmedBy.isEmpty ? "" : "; this field is confirmed by \(confirmedBy.joined(separator: ", "))")
            notes.append(line)
            trace.append(.text(line + "; " + evidence.arithmetic(located.rule)))
        }
        if reading.parsed.reading == .blankAsZero, bearing.confirming.isEmpty, !bearing.blanksOnly.isEmpty {
            let line = "blank read as 0: \(bearing.blanksOnly.joined(separator: ", ")) hold on blanks alone, which confirms nothing"
            notes.append(line)
            trace.append(.text(line))
        }
        var field = FieldValue(key: definition.key, value: reading.value, raw: reading.raw,
                               confidence: roundedConfidence(confidence), source: reading.source, notes: notes)
        trace.append(.scored(factors))
        field.trace = Trace(reading.trace, trace)
        return field
    }

    /// A field no table gave, from the figure the text states: under the threshold, for a
    /// reviewer to confirm rather than type.
    static func fieldFromText(_ definition: FieldDefinition, statement: TextStatement, threshold: Double) -> FieldValue {
        let source = statement.page.flatMap { page in statement.box.map { FieldSource.pdf(page: page, box: $0) } }
        let note = "no table cell: the value is the figure the text states, `\(statement.quote)`"
        var field = FieldValue(key: definition.key, value: statement.value, raw: nil,
                               confidence: roundedConfidence(ConfidenceModel.statedInTextOnly(threshold: threshold)),
                               source: source, notes: [note])
        field.trace = Trace([TraceLine.text("not found in any table of section \(definition.section)"), .text(note),
                             .text("confidence: " + ConfidenceModel.statedInTextOnlyArithmetic(threshold: threshold))])
        return field
    }
}

/// （六）其他处理 printed as one row in a 2021 report (the template has three sub-rows there).
enum OtherProcessing {
    /// The sub-row fields from the printed row: 0 each when the whole row is 0 (nothing can hide in
    /// a zero), else no value, since the row's count cannot be split among its sub-rows.
    static func subRowsFromOneRow(_ readings: FieldTable<FieldReading>) -> FieldTable<FieldReading> {
        let printed = Applicant.allCases.compactMap { readings[RequestRow.otherAsOneRow.key($0)] }
        guard !printed.isEmpty else { return FieldTable() }
        let allZero = printed.count == Applicant.allCases.count && printed.allSatisfy { $0.value?.doubleValue == 0 }
        var derived = FieldTable<FieldReading>()
        for applicant in Applicant.allCases {
            guard let row = readings[RequestRow.otherAsOneRow.key(applicant)] else { continue }
            for sub in RequestRow.subRows(of: .other) {
                var reading = row
                reading.key = sub.key(applicant)
                if allZero {
                    reading.notes.append("（六）其他处理 printed as one row without its sub-rows; the row is all 0, so each sub-row is 0")
                } else {
                    reading.parsed = ParsedValue(number: nil, reading: .unreadable, notes: [])
                    reading.notes.append("（六）其他处理 printed as one row without its sub-rows (`\(row.raw ?? "")`); its count cannot be split among them")
                }
                reading.trace.append(.text("derived from the one printed row （六）其他处理, \(applicant.label)"))
                derived[reading.key] = reading
            }
        }
        return derived
    }
}
