/// Assigns dense integer codes to distinct byte strings (category levels), in order of first
/// appearance, with an open-addressing hash table so no `String` is built per field.
final class ByteInterner {
    private(set) var levels: [String] = []
    private var levelBytes: [[UInt8]] = []
    private var hashes: [UInt64] = []
    private var table: [Int32] = Array(repeating: -1, count: 64)
    private var mask = 63

    /// The code of the bytes, adding a level when new.
    /// - Parameters:
    ///   - start: The first byte (may be nil when `count` is 0).
    ///   - count: The number of bytes.
    /// - Returns: The code, or `nil` when a new level is not valid UTF-8.
    @inline(__always)
    func intern(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32? {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<count {
            h = (h ^ UInt64(start![k])) &* 0x0000_0100_0000_01b3
        }
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while true {
            let code = table[slot]
            if code < 0 { break }
            if hashes[Int(code)] == h && equal(Int(code), start, count) { return code }
            slot = (slot + 1) & mask
        }
        let bytes = count == 0 ? [] : Array(UnsafeBufferPointer(start: start!, count: count))
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let code = Int32(levels.count)
        levels.append(text)
        levelBytes.append(bytes)
        hashes.append(h)
        table[slot] = code
        if levels.count * 2 > table.count { grow() }
        return code
    }

    @inline(__always)
    private func equal(_ code: Int, _ start: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        let stored = levelBytes[code]
        if stored.count != count { return false }
        for k in 0..<count where stored[k] != start![k] { return false }
        return true
    }

    private func grow() {
        let size = table.count * 2
        table = Array(repeating: -1, count: size)
        mask = size - 1
        for (code, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(code)
        }
    }
}
