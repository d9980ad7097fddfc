/// The groups of an evaluation: one grouping per sensitive column and, with several columns,
/// their intersection (every combination present in the data).
///
/// Rows are assigned to a *finest group* (the intersection, or the single column's group, or
/// one group for everything when there is no sensitive column). Every reported group, and
/// the overall population, is a *slot*; each finest group lists the slots it belongs to, so
/// cell totals per finest group add up to every slot.
struct GroupIndex: Sendable {
    /// One grouping (a sensitive column or the intersection).
    struct Grouping: Sendable {
        var columns: [String]
        var isIntersection: Bool
        /// Per group: its value in each column.
        var values: [[String]]
        /// The slot of the grouping's first group.
        var slotOffset: Int
        var count: Int { values.count }
    }

    /// Number of finest groups.
    let finestCount: Int
    /// The reported groupings.
    let groupings: [Grouping]
    /// Number of slots (1 overall + every group of every grouping).
    let slotCount: Int
    /// Slots per finest group (the same for all).
    let slotsPerFinest: Int
    /// `finestCount * slotsPerFinest` slot numbers.
    let finestSlots: [Int32]
    /// Finest group of each kept row, in original row order.
    let finestOfRow: [UInt32]

    /// Builds the index from the sensitive columns over the kept rows.
    /// - Parameters:
    ///   - columns: The sensitive columns (categorical).
    ///   - keep: Rows to keep (`nil` keeps all).
    ///   - rowCount: Rows in the table.
    init(columns: [CategoricalColumn], keep: [Bool]?, rowCount: Int) {
        let k = columns.count
        // Sorted present levels per column.
        var rank: [[Int32]] = []
        var sortedLevels: [[String]] = []
        for column in columns {
            var present = [Bool](repeating: false, count: column.levels.count)
            column.codes.withUnsafeBufferPointer { codes in
                for r in 0..<rowCount where keep?[r] ?? true {
                    let c = codes[r]
                    if c >= 0 { present[Int(c)] = true }
                }
            }
            let order = column.levels.indices.filter { present[$0] }.sorted { column.levels[$0] < column.levels[$1] }
            var map = [Int32](repeating: -1, count: column.levels.count)
            for (i, level) in order.enumerated() { map[level] = Int32(i) }
            rank.append(map)
            sortedLevels.append(order.map { column.levels[$0] })
        }
        // Mixed-radix key per kept row (first column most significant).
        var strides = [Int](repeating: 1, count: k)
        var space = 1
        for c in stride(from: k - 1, through: 0, by: -1) {
            strides[c] = space
            space *= max(1, sortedLevels[c].count)
        }
        var keyOfRow = [Int](repeating: 0, count: rowCount)
        for c in 0..<k {
            let map = rank[c]
            let s = strides[c]
            columns[c].codes.withUnsafeBufferPointer { codes in
                for r in 0..<rowCount where keep?[r] ?? true {
                    keyOfRow[r] += Int(map[Int(codes[r])]) * s
                }
            }
        }
        var finestOfKey: [Int: Int] = [:]
        var presentKeys: [Int]
        if space <= 1 << 22 {
            var present = [Bool](repeating: false, count: space)
            for r in 0..<rowCount where keep?[r] ?? true { present[keyOfRow[r]] = true }
            presentKeys = (0..<space).filter { present[$0] }
            var lookup = [UInt32](repeating: 0, count: space)
            for (i, key) in presentKeys.enumerated() { lookup[key] = UInt32(i) }
            var finest = [UInt32]()
            finest.reserveCapacity(rowCount)
            for r in 0..<rowCount where keep?[r] ?? true { finest.append(lookup[keyOfRow[r]]) }
            finestOfRow = finest
        } else {
            var seen = Set<Int>()
            for r in 0..<rowCount where keep?[r] ?? true { seen.insert(keyOfRow[r]) }
            presentKeys = seen.sorted()
            for (i, key) in presentKeys.enumerated() { finestOfKey[key] = i }
            var finest = [UInt32]()
            for r in 0..<rowCount where keep?[r] ?? true { finest.append(UInt32(finestOfKey[keyOfRow[r]]!)) }
            finestOfRow = finest
        }
        if k == 0 { presentKeys = [0] }
        finestCount = presentKeys.count
        // Groupings and slots.
        var groupings: [Grouping] = []
        var nextSlot = 1
        for c in 0..<k {
            groupings.append(
                Grouping(
                    columns: [columns[c].name], isIntersection: false,
                    values: sortedLevels[c].map { [$0] }, slotOffset: nextSlot))
            nextSlot += sortedLevels[c].count
        }
        let intersectionOffset = nextSlot
        if k >= 2 {
            let values = presentKeys.map { key in
                (0..<k).map { c in sortedLevels[c][(key / strides[c]) % sortedLevels[c].count] }
            }
            groupings.append(
                Grouping(columns: columns.map(\.name), isIntersection: true, values: values, slotOffset: nextSlot))
            nextSlot += presentKeys.count
        }
        slotCount = nextSlot
        slotsPerFinest = 1 + k + (k >= 2 ? 1 : 0)
        var slots: [Int32] = []
        slots.reserveCapacity(finestCount * slotsPerFinest)
        for (g, key) in presentKeys.enumerated() {
            slots.append(0)
            for c in 0..<k {
                let local = (key / strides[c]) % sortedLevels[c].count
                slots.append(Int32(groupings[c].slotOffset + local))
            }
            if k >= 2 { slots.append(Int32(intersectionOffset + g)) }
        }
        finestSlots = slots
        self.groupings = groupings
    }
}
