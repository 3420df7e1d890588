/// A label's key (`LabelText.key`) hashed once. A table's keys are looked up among the template's
/// forms many times each (every applicant, row and group choice asks), and hashing a Chinese
/// `String` goes through its canonical form scalar by scalar each time; so does comparing two
/// different ones. Equal texts have equal hashes, so the hash kept is what the key hashes by, and
/// two keys with different hashes differ without comparing their texts.
struct LabelKey: Hashable, Sendable {
    let text: String
    private let hash: Int

    init(_ text: String) {
        self.text = text
        hash = text.hashValue
    }

    var isEmpty: Bool { text.isEmpty }

    static func == (lhs: LabelKey, rhs: LabelKey) -> Bool {
        lhs.hash == rhs.hash && lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}
