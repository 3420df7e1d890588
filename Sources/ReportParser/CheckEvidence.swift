import RecordModel

/// What the record's checks say of each field: which confirm its value, which are broken
/// because of it, and which are broken because of some other field.
///
/// Section 三 is a grid of sums (each row to its total, each column's outcomes to (七)总计, each
/// column's balance), so one wrong cell breaks exactly the sums through it and no other: the row's
/// and the column's. A field some of whose sums hold is then cleared (the sum that holds vouches
/// for it) and a field all of whose sums are broken is the suspect. The suspects must explain the
/// broken sums: some change of their values alone makes every sum hold (checked by solving the
/// sums for those values). When they cannot (errors that cancel in a sum, a whole row wrong and
/// its own total with it), every field of a broken sum is a suspect, as before. Section 四's groups
/// have one sum each, so a broken group's fields are all suspects.
///
/// A sum confirms a value only where a printed number takes part: a sum whose values are all
/// blanks read as 0 holds whatever the blanks hide (a row of blanks taken from a header band
/// would hold 0 = 0). A figure the report's text states (`text.*` checks) is printed too. Since
/// counts are never negative, a sum one side of which is zeros so confirmed confirms the other
/// side's zeros (a column of blanks whose total the 总计 row confirms).
enum CheckEvidence {
    /// How the evaluated checks bear on one field, by rule.
    struct Bearing: Sendable, Hashable {
        /// Checks that confirm the value: held, or broken but located at other fields, with a
        /// printed number or the text's figure taking part.
        var confirming: [String] = []
        /// Held checks all of whose values are blanks read as 0: they confirm nothing.
        var blanksOnly: [String] = []
        /// Broken checks the arithmetic locates at other fields.
        var locatedElsewhere: [Located] = []
        /// Broken checks that point at this field.
        var suspect: [String] = []

        /// The state the confidence model scores.
        var state: ConfidenceModel.CheckState {
            if !suspect.isEmpty { return .broken(suspect) }
            return confirming.isEmpty ? .none : .held(confirming.count)
        }
    }

    /// A broken check and the fields it is blamed on.
    struct Located: Sendable, Hashable {
        var rule: String
        var at: [String]
    }

    /// The bearing of every field some evaluated check involves, by place. `sums`: the template's
    /// sums of the record's layout (the `text.*` checks are not among them); `blanks`: whether a
    /// field's value is a blank read as 0.
    static func bearings(checks: [CheckResult], sums: [Checks.Sum], values: Checks.Values,
                         blanks: FieldTable<Bool>) -> FieldTable<Bearing> {
        var sumsByRule: [String: Checks.Sum] = [:]
        sumsByRule.reserveCapacity(sums.count)
        for sum in sums where sumsByRule[sum.rule] == nil { sumsByRule[sum.rule] = sum }
        let evaluated = checks.filter(\.evaluated).map { check in (check, sumsByRule[check.rule]) }
        let suspects = locate(evaluated.compactMap { check, sum in sum.map { (check, $0) } }, values: values)
        var bearings = FieldTable<Bearing>()
        func isPrinted(_ place: Int?) -> Bool {
            guard let place else { return false }
            return values[place: place] != nil && blanks[place: place] != true
        }
        // Held sums of blanks alone, which zeros elsewhere may confirm after all.
        var blankSums: [(check: CheckResult, sum: Checks.Sum)] = []
        for (check, sum) in evaluated {
            // A sum's keys are its printed parts, left then right, then the rows it stands for
            // (`Checks.Sum.keys`), their places looked up once; a check's keys are each named once.
            let places = sum?.places ?? check.keys.map(FieldCatalog.place(of:))
            // A text figure is printed; a sum needs one of its own values printed.
            let printed = sum.map { sum in sum.leftPlaces.contains(where: isPrinted) || sum.rightPlaces.contains(where: isPrinted) } ?? true
            if check.holds, !printed, let sum { blankSums.append((check, sum)) }
            // A text figure against a sum of the table flags the fields the sum covers, unless the
            // table's own sums already located an error among them.
            let textLocated = sum == nil && places.contains { $0.map(suspects.contains) ?? false }
            let printedParts = sum.map { $0.left.count + $0.right.count } ?? 0
            for (position, place) in places.enumerated() {
                guard let place else { continue }
                // Changed in place: a bearing copied out and back would copy its lists at each append.
                bearings.update(place: place, default: Bearing()) { bearing in
                    if check.holds {
                        if printed { bearing.confirming.append(check.rule) } else { bearing.blanksOnly.append(check.rule) }
                    } else if suspects.contains(place) || (sum == nil && !textLocated) || (sum != nil && position >= printedParts) {
                        // A field the sum stands for only through a printed row (a derived sub-row)
                        // follows the sum.
                        bearing.suspect.append(check.rule)
                    } else {
                        let at = zip(check.keys, places).filter { $1.map(suspects.contains) ?? false }.map(\.0)
                        bearing.locatedElsewhere.append(Located(rule: check.rule, at: at))
                        if printed && sum != nil { bearing.confirming.append(check.rule) }
                    }
                }
            }
        }
        confirmZeroParts(&bearings, blankSums: blankSums, values: values, blanks: blanks)
        return bearings
    }

    /// Counts are never negative: where one side of a sum that holds is all zeros a printed
    /// number vouches for, every value of the other side is 0 too. So a sum of blanks
    /// (`blankSums`) is confirmed after all when its total is a blank some printed sum confirmed
    /// (a column of blanks whose (七)总计 the 总计 row confirms), and what it confirms may confirm
    /// further.
    private static func confirmZeroParts(_ bearings: inout FieldTable<Bearing>, blankSums: [(check: CheckResult, sum: Checks.Sum)],
                                         values: Checks.Values, blanks: FieldTable<Bool>) {
        func isConfirmedZero(_ place: Int?) -> Bool {
            guard let place, let value = values[place: place] ?? nil, value.doubleValue == 0 else { return false }
            return blanks[place: place] != true || !(bearings[place: place]?.confirming.isEmpty ?? true)
        }
        var waiting = blankSums
        var changed = true
        while changed {
            changed = false
            waiting.removeAll { check, sum in
                let zeroSide = [sum.leftPlaces, sum.rightPlaces].contains { side in !side.isEmpty && side.allSatisfy(isConfirmedZero) }
                guard zeroSide else { return false }
                for place in sum.places {
                    guard let place else { continue }
                    bearings.update(place: place, default: Bearing()) { bearing in
                        guard let index = bearing.blanksOnly.firstIndex(of: check.rule) else { return }
                        bearing.blanksOnly.remove(at: index)
                        bearing.confirming.append(check.rule)
                    }
                }
                changed = true
                return true
            }
        }
    }

    /// The places of the fields a broken sum is blamed on: those all of whose evaluated sums are
    /// broken, when a change of their values alone can make every sum hold; else every field of
    /// a broken sum.
    static func locate(_ sums: [(result: CheckResult, sum: Checks.Sum)], values: Checks.Values) -> Set<Int> {
        let broken = sums.filter { !$0.result.holds }
        guard !broken.isEmpty else { return [] }
        var heldThrough: Set<Int> = []
        for (result, sum) in sums where result.holds { heldThrough.formUnion(sum.printedPlaces) }
        var candidates: [Int] = []
        for (_, sum) in broken {
            for place in sum.printedPlaces where !heldThrough.contains(place) && !candidates.contains(place) { candidates.append(place) }
        }
        if !candidates.isEmpty, explains(candidates, sums: sums, values: values) { return Set(candidates) }
        return Set(broken.flatMap(\.sum.printedPlaces))
    }

    /// Whether some change of the values at `places` alone makes every sum hold: the sums as
    /// linear equations in those changes, solved by elimination (a few unknowns, a few dozen sums).
    static func explains(_ places: [Int], sums: [(result: CheckResult, sum: Checks.Sum)], values: Checks.Values) -> Bool {
        let index = Dictionary(places.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [[Double]] = []
        for (_, sum) in sums {
            var row = [Double](repeating: 0, count: places.count + 1)
            var touches = false
            for (side, sign) in [(sum.leftPlaces, 1.0), (sum.rightPlaces, -1.0)] {
                for place in side {
                    // The sum's residual, left − right, is what the changes must take away.
                    row[places.count] -= sign * (place.flatMap { values[place: $0] ?? nil }?.doubleValue ?? 0)
                    if let place, let column = index[place] { row[column] += sign; touches = true }
                }
            }
            if touches || abs(row[places.count]) >= 0.005 { rows.append(row) }
        }
        var pivotRow = 0
        for column in 0..<places.count where pivotRow < rows.count {
            guard let best = (pivotRow..<rows.count).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
                  abs(rows[best][column]) > 1e-9 else { continue }
            rows.swapAt(pivotRow, best)
            let pivot = rows[pivotRow]
            for other in 0..<rows.count where other != pivotRow && rows[other][column] != 0 {
                let factor = rows[other][column] / pivot[column]
                for item in column...places.count { rows[other][item] -= factor * pivot[item] }
            }
            pivotRow += 1
        }
        // Consistent when no equation is left that asks 0 = something.
        return rows[pivotRow...].allSatisfy { abs($0[places.count]) < 0.005 }
    }

    /// A sum's arithmetic in words, for a note: what the parts add up to against the printed
    /// total (or the two sides), and the difference.
    static func arithmetic(of sum: Checks.Sum, values: Checks.Values) -> String? {
        var total: [Double] = []
        for side in [sum.leftPlaces, sum.rightPlaces] {
            var value = 0.0
            for place in side {
                guard let place, let number = values[place: place] ?? nil else { return nil }
                value += number.doubleValue
            }
            total.append(value)
        }
        let (left, right, difference) = (Checks.number(total[0]), Checks.number(total[1]), Checks.number(total[0] - total[1]))
        return sum.right.count == 1
            ? "the parts sum to \(left), the printed total is \(right): a difference of \(difference)"
            : "the left side sums to \(left), the right side to \(right): a difference of \(difference)"
    }
}

private extension Checks.Sum {
    /// The places of the printed parts, left then right: the fields whose values the sum adds.
    var printedPlaces: [Int] { (leftPlaces + rightPlaces).compactMap { $0 } }
}
