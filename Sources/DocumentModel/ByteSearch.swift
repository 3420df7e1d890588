#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a run of bytes first stands in others: the C library's `memchr` to each place the first
/// byte stands, `memcmp` there. A report's body and a whole PDF's bytes are searched so, where a
/// byte loop or the standard library's generic search cost milliseconds a file.
public enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `start`; nil when there is none
    /// (or the needle is empty).
    public static func firstOffset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        needle.withUnsafeBufferPointer { firstOffset(of: $0, in: haystack, from: start) }
    }

    /// `firstOffset(of:in:from:)` for a needle in memory already (a string's UTF-8), not copied
    /// into an array for each search.
    public static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let base = haystack.baseAddress, let needleBase = needle.baseAddress, let first = needle.first, start >= 0 else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            guard let found = memchr(base + index, Int32(first), haystack.count - needle.count + 1 - index) else { return nil }
            let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if memcmp(base + offset, needleBase, needle.count) == 0 { return offset }
            index = offset + 1
        }
        return nil
    }
}
