/// Sorts row indices by score, ascending, on an order-preserving 64-bit key of each `Double`
/// (sign bit flipped for positives, all bits flipped for negatives): a comparison sort up to
/// ``comparisonSortLimit`` rows, a stable least-significant-digit radix sort above. Equal scores
/// keep their row order either way.
enum ScoreOrder {
    /// The largest row count sorted by comparison rather than by radix.
    static let comparisonSortLimit = 4096

    /// The permutation that sorts `scores` ascending (stable).
    /// - Parameters:
    ///   - scores: Finite scores.
    ///   - comparisonSortLimit: the largest count sorted by comparison (tests set it to check
    ///     that both ways give the same permutation).
    /// - Returns: Row indices in ascending score order.
    static func ascending(_ scores: [Double], comparisonSortLimit: Int = ScoreOrder.comparisonSortLimit) -> [Int32] {
        let n = scores.count
        var keys = [UInt64](repeating: 0, count: n)
        var order = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let bits = scores[i].bitPattern
            keys[i] = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
            order[i] = Int32(i)
        }
        if n < 2 { return order }
        // Below a few thousand rows, four passes over 65,536 buckets cost more than a comparison
        // sort; the result is the same permutation (ascending key, ties in row order).
        if n <= comparisonSortLimit {
            keys.withUnsafeBufferPointer { kp in
                order.sort { a, b in kp[Int(a)] != kp[Int(b)] ? kp[Int(a)] < kp[Int(b)] : a < b }
            }
            return order
        }
        var keys2 = [UInt64](repeating: 0, count: n)
        var order2 = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 65_536)
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            for k in counts.indices { counts[k] = 0 }
            keys.withUnsafeBufferPointer { kp in
                for i in 0..<n { counts[Int((kp[i] >> shift) & 0xFFFF)] += 1 }
            }
            if counts.contains(n) { continue }  // every key has the same digit
            var total = 0
            for k in counts.indices {
                let c = counts[k]
                counts[k] = total
                total += c
            }
            keys.withUnsafeBufferPointer { kp in
                order.withUnsafeBufferPointer { op in
                    keys2.withUnsafeMutableBufferPointer { k2 in
                        order2.withUnsafeMutableBufferPointer { o2 in
                            counts.withUnsafeMutableBufferPointer { cp in
                                for i in 0..<n {
                                    let d = Int((kp[i] >> shift) & 0xFFFF)
                                    let at = cp[d]
                                    cp[d] = at + 1
                                    k2[at] = kp[i]
                                    o2[at] = op[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keys2)
            swap(&order, &order2)
        }
        return order
    }
}
