/// Reading a ``JSONValue`` without a switch at every step.
extension JSONValue {
    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The first member present and not null among `keys` (payloads written in camelCase or snake_case).
    public func first(_ keys: String...) -> JSONValue? {
        for key in keys { if let value = self[key], value != .null { return value } }
        return nil
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The string, or a number or bool as text.
    public var text: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    /// The number, when this is one (an integer included).
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The exact integer, when this is one; a whole `.number` below 10^15 counts too.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? Int64(value) : nil
        default: nil
        }
    }

    /// ``integerValue`` as an `Int`.
    public var integer: Int? { integerValue.map(Int.init) }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
