/// Something for each field of the catalogue that has it, kept at the field's place in
/// `FieldCatalog.definitions`. A report's parse and checks look its fields up a few thousand
/// times; keyed by the key strings, each look-up hashed a string of some forty bytes, and that
/// was a tenth of the record's time. Public and inlinable so that the parser's uses are
/// specialised for their values: a `package` type's generic code was called unspecialised from
/// the parser's module, slower than the dictionaries it replaced.
public struct FieldTable<Value> {
    @usableFromInline var slots: [Value?]

    @inlinable public init() {
        slots = [Value?](repeating: nil, count: FieldCatalog.definitions.count)
    }

    /// The table of `pairs` by key, the first value of a key kept; a key outside the catalogue
    /// names no field and is left out.
    @inlinable public init(_ pairs: some Sequence<(String, Value)>) {
        self.init()
        for (key, value) in pairs {
            if let place = FieldCatalog.place(of: key), slots[place] == nil { slots[place] = value }
        }
    }

    /// The value of the field at `place` (`FieldCatalog.place(of:)`).
    @inlinable public subscript(place place: Int) -> Value? {
        get { slots[place] }
        set { slots[place] = newValue }
    }

    /// The value of the field `key`; a key outside the catalogue has none, and setting one keeps nothing.
    @inlinable public subscript(key: String) -> Value? {
        get { FieldCatalog.place(of: key).flatMap { slots[$0] } }
        set { if let place = FieldCatalog.place(of: key) { slots[place] = newValue } }
    }

    /// Changes the value at `place` in place, starting from `defaultValue` where there is none.
    @inlinable public mutating func update(place: Int, default defaultValue: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        var value = slots[place] ?? defaultValue()
        // The table's copy let go, so `change` holds the only one and appends to its lists in place.
        slots[place] = nil
        change(&value)
        slots[place] = value
    }

    /// Whether no field has a value.
    @inlinable public var isEmpty: Bool { slots.allSatisfy { $0 == nil } }

    /// Takes the values of `other` for the fields that have none here.
    @inlinable public mutating func merge(_ other: FieldTable) {
        for place in slots.indices where slots[place] == nil { slots[place] = other.slots[place] }
    }

    @inlinable public func mapValues<Mapped>(_ transform: (Value) -> Mapped) -> FieldTable<Mapped> {
        var mapped = FieldTable<Mapped>()
        for place in slots.indices { mapped.slots[place] = slots[place].map(transform) }
        return mapped
    }
}

extension FieldTable: Sendable where Value: Sendable {}
