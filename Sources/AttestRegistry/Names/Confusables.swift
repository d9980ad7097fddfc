import Foundation

/// Confusable detection by the skeleton of Unicode Technical Standard #39 (Unicode Security
/// Mechanisms, section 4 "Confusable Detection"): two strings are confusable when their
/// skeletons are equal. The mapping is `confusables.txt` (version in
/// `ConfusablesTable.unicodeVersion`), compiled in by `scripts/unicode/generate-confusables.py`.
public enum Confusables {
    /// The Unicode version of the confusables data.
    public static var dataVersion: String { ConfusablesTable.unicodeVersion }

    /// The skeleton of `text`: NFD; default-ignorable code points removed; every code point
    /// replaced by its prototype from `confusables.txt`; NFD again.
    /// - Parameter text: the string.
    /// - Returns: its skeleton.
    public static func skeleton(_ text: String) -> String {
        var mapped = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.isDefaultIgnorableCodePoint { continue }
            if let prototype = table[scalar.value] {
                mapped.append(contentsOf: prototype)
            } else {
                mapped.append(scalar)
            }
        }
        return String(mapped).decomposedStringWithCanonicalMapping
    }

    /// Whether two different strings look alike: their skeletons are equal.
    /// - Returns: false for equal strings (the same name is not a look-alike of itself).
    public static func areConfusable(_ first: String, _ second: String) -> Bool {
        guard !first.unicodeScalars.elementsEqual(second.unicodeScalars) else { return false }
        return skeleton(first) == skeleton(second)
    }

    /// The mapping, parsed once from the compiled-in table.
    static let table: [UInt32: [Unicode.Scalar]] = {
        var table: [UInt32: [Unicode.Scalar]] = [:]
        table.reserveCapacity(ConfusablesTable.count)
        let data = ConfusablesTable.data.replacingOccurrences(of: "\n", with: "")
        for entry in data.split(separator: ";") {
            let parts = entry.split(separator: ">")
            guard parts.count == 2, let source = UInt32(parts[0], radix: 16) else { continue }
            table[source] = parts[1].split(separator: " ").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
        }
        return table
    }()
}
