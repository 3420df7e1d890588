import DocumentModel

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
        let year = TitleReading.year(titleLines: titleLines, body: body)

        let detected = TemplateDetection.detect(proactive: proactive, requests: requestHits, year: year.value)
        let template = detected.template
        var templateAttribute = RecordAttribute<Template>(value: template, confidence: detected.confidence)
        templateAttribute.trace = ["evidence: " + detected.evidence.joined(separator: "; ")]

        var readings = ProactiveTables.readings(from: proactive, template: template)
        // Room for every field of either template at once: growing moved every reading read so far.
        readings.reserveCapacity(FieldCatalog.definitions.count)
        for hit in requestHits {
            RequestTables.addReadings(of: hit, to: &readings)
        }
        readings.merge(AppealTables.readings(appealTables)) { first, _ in first }
        let otherAsOneRow = requestHits.contains { $0.row == .otherAsOneRow }
            && !requestHits.contains { $0.row.group == .other }
        if template == .v2021, otherAsOneRow {
            readings.merge(OtherProcessing.subRowsFromOneRow(readings)) { first, _ in first }
        }

        let values = readings.mapValues(\.value)
        let checks = Checks.evaluate(values, template: template, otherAsOneRow: otherAsOneRow)
        let states = ConfidenceModel.checkStates(checks)
        let fields = FieldCatalog.fields(of: template).map { definition in
            fieldValue(definition, reading: readings[definition.key], checks: checks,
                       state: states[definition.key] ?? .none, threshold: reviewThreshold)
        }
        return Record(source: source, agency: agency, year: year, template: templateAttribute, fields: fields, checks: checks)
    }

    /// A field of the record from its reading (or its absence), scored against the checks, whose
    /// bearing on it is `state`.
    static func fieldValue(_ definition: FieldDefinition, reading: FieldReading?, checks: [CheckResult],
                           state: ConfidenceModel.CheckState, threshold: Double) -> FieldValue {
        guard let reading else {
            var field = FieldValue(key: definition.key, value: nil, raw: nil, confidence: 0, source: nil,
                                   notes: ["not found: no cell labelled \(definition.label)"])
            field.trace = [.text("not found in any table of section \(definition.section)")]
            return field
        }
        let factors = ConfidenceModel.Factors(
            path: reading.path, match: reading.match, reading: reading.parsed.reading, recognition: reading.recognition,
            checks: state, threshold: threshold)
        let confidence = ConfidenceModel.score(factors)
        var notes = reading.notes + reading.parsed.notes
        if reading.path == .unruledPDF { notes.append("table without ruling lines: its grid was guessed from text alignment") }
        if case .broken(let rules) = state {
            for rule in rules {
                if let check = checks.first(where: { $0.rule == rule }) { notes.append("check \(rule) broken: \(check.text)") }
            }
        }
        var field = FieldValue(key: definition.key, value: reading.value, raw: reading.raw,
                               confidence: ConfidenceModel.rounded(confidence), source: reading.source, notes: notes)
        field.trace = reading.trace + [.scored(factors)]
        return field
    }
}

/// （六）其他处理 printed as one row in a 2021 report (the template has three sub-rows there).
enum OtherProcessing {
    /// The sub-row fields from the printed row: 0 each when the whole row is 0 (nothing can hide in
    /// a zero), else no value, since the row's count cannot be split among its sub-rows.
    static func subRowsFromOneRow(_ readings: [String: FieldReading]) -> [String: FieldReading] {
        let printed = Applicant.allCases.compactMap { readings[RequestRow.otherAsOneRow.key($0)] }
        guard !printed.isEmpty else { return [:] }
        let allZero = printed.count == Applicant.allCases.count && printed.allSatisfy { $0.value?.doubleValue == 0 }
        var derived: [String: FieldReading] = [:]
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
