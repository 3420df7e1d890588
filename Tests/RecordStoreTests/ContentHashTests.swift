import Foundation
@testable import RecordStore
import Testing

@Suite struct ContentHashTests {
    /// FIPS 180-4's examples (checked with coreutils' sha256sum).
    @Test func knownDigests() throws {
        #expect(try ContentHash.sha256(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try ContentHash.sha256(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try ContentHash.sha256(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(try ContentHash.sha256(of: Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The SHA instructions and GLib agree on every length up to three blocks and a few larger,
    /// on bytes of every value; where the processor has no such instructions there is nothing
    /// to compare, and `sha256(of:)` is GLib's.
    @Test func theProcessorsInstructionsAgreeWithGLib() throws {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...200) + [1_000, 4_095, 4_096, 65_537, 1_048_583] {
            let bytes = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let expected = try ContentHash.byGLib(bytes)
            #expect(try ContentHash.sha256(of: bytes) == expected, "length \(length)")
            if let byExtensions = ContentHash.byExtensions(bytes) { #expect(byExtensions == expected, "length \(length)") }
        }
    }

    /// Where the kernel says the processor has the SHA instructions, they are found and used.
    @Test func theInstructionsAreFoundWhereTheProcessorHasThem() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
        #expect((ContentHash.byExtensions(Data("abc".utf8)) != nil) == flags.contains("sha_ni"))
    }

    /// A slice of a larger buffer (as `Data` read in chunks can be) is hashed from its own start.
    @Test func aSliceIsHashedFromItsStart() throws {
        let whole = Data((0..<300).map { UInt8($0 % 251) })
        let slice = whole[37..<250]
        #expect(try ContentHash.sha256(of: slice) == ContentHash.byGLib(Data(slice)))
    }
}
