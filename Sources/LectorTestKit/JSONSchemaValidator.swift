import Foundation
import LectorCore

/// Validates JSON values against a JSON Schema (draft 2020-12), for the keywords Lector's schemas
/// use.
///
/// It is deliberately strict about itself: a schema that uses a keyword this validator does not
/// implement is rejected when the validator is made, so a schema can never appear to validate
/// something it does not check.
public struct JSONSchemaValidator: Sendable {
    public struct UnsupportedKeyword: Error, CustomStringConvertible {
        public var keyword: String
        public var path: String
        public var description: String { "schema keyword '\(keyword)' at \(path) is not supported by this validator" }
    }

    /// Keywords that constrain values, all implemented below.
    static let assertions: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum",
        "exclusiveMinimum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "$ref", "oneOf", "anyOf",
        "allOf", "format", "uniqueItems",
    ]
    /// Keywords that only describe.
    static let annotations: Set<String> = ["$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"]

    public let schema: JSONValue

    public init(schema: JSONValue) throws {
        self.schema = schema
        try Self.checkKeywords(schema, path: "#")
    }

    public init(schemaFile path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try self.init(schema: JSONValue.parse(data))
    }

    /// Every violation, as "path: message"; empty when the value is valid.
    public func validate(_ value: JSONValue) -> [String] {
        var errors: [String] = []
        validate(value, against: schema, path: "$", errors: &errors)
        return errors
    }

    /// Validates JSON bytes.
    public func validate(data: Data) throws -> [String] {
        validate(try JSONValue.parse(data))
    }

    private static func checkKeywords(_ schema: JSONValue, path: String) throws {
        guard case .object(let object) = schema else { return }  // `true`/`false` schemas
        for (key, value) in object {
            guard assertions.contains(key) || annotations.contains(key) else { throw UnsupportedKeyword(keyword: key, path: path) }
            switch key {
            case "properties", "$defs":
                for (name, child) in value.objectValue ?? [:] { try checkKeywords(child, path: "\(path)/\(key)/\(name)") }
            case "items", "additionalProperties":
                try checkKeywords(value, path: "\(path)/\(key)")
            case "oneOf", "anyOf", "allOf":
                for (index, child) in (value.arrayValue ?? []).enumerated() { try checkKeywords(child, path: "\(path)/\(key)/\(index)") }
            default: break
            }
        }
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = schema
        for component in reference.dropFirst(2).split(separator: "/") { node = node?[String(component)] }
        return node
    }

    private func validate(_ value: JSONValue, against schema: JSONValue, path: String, errors: inout [String]) {
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(path): no value is allowed here") }
            return
        }
        guard case .object(let rules) = schema else { return }

        if let reference = rules["$ref"]?.stringValue {
            if let target = resolve(reference) {
                validate(value, against: target, path: path, errors: &errors)
            } else {
                errors.append("\(path): unresolvable $ref \(reference)")
            }
        }
        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                errors.append("\(path): expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value))")
                return
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            errors.append("\(path): \(Self.short(value)) is not one of the allowed values")
        }
        if let constant = rules["const"], constant != value {
            errors.append("\(path): must be \(Self.short(constant))")
        }
        for keyword in ["oneOf", "anyOf", "allOf"] {
            guard let branches = rules[keyword]?.arrayValue else { continue }
            let passing = branches.filter { branch in
                var branchErrors: [String] = []
                validate(value, against: branch, path: path, errors: &branchErrors)
                return branchErrors.isEmpty
            }.count
            switch keyword {
            case "oneOf" where passing != 1: errors.append("\(path): must match exactly one of \(branches.count) schemas (matches \(passing))")
            case "anyOf" where passing == 0: errors.append("\(path): must match at least one of \(branches.count) schemas")
            case "allOf" where passing != branches.count: errors.append("\(path): must match all of \(branches.count) schemas")
            default: break
            }
        }

        switch value {
        case .number(let number):
            if let minimum = rules["minimum"]?.doubleValue, number < minimum { errors.append("\(path): \(number) is below the minimum \(minimum)") }
            if let maximum = rules["maximum"]?.doubleValue, number > maximum { errors.append("\(path): \(number) is above the maximum \(maximum)") }
            if let minimum = rules["exclusiveMinimum"]?.doubleValue, number <= minimum { errors.append("\(path): \(number) must be above \(minimum)") }
        case .string(let string):
            let length = string.unicodeScalars.count
            if let minimum = rules["minLength"]?.doubleValue, Double(length) < minimum { errors.append("\(path): shorter than \(Int(minimum)) characters") }
            if let maximum = rules["maxLength"]?.doubleValue, Double(length) > maximum { errors.append("\(path): longer than \(Int(maximum)) characters") }
            if let pattern = rules["pattern"]?.stringValue {
                if let regex = try? NSRegularExpression(pattern: pattern),
                    regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil
                {
                    errors.append("\(path): \(Self.short(value)) does not match /\(pattern)/")
                }
            }
            if rules["format"]?.stringValue == "date-time", (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(string)) == nil,
                (try? Date.ISO8601FormatStyle().parse(string)) == nil
            {
                errors.append("\(path): \(Self.short(value)) is not an RFC 3339 date-time")
            }
        case .array(let items):
            if let minimum = rules["minItems"]?.doubleValue, Double(items.count) < minimum { errors.append("\(path): fewer than \(Int(minimum)) items") }
            if let maximum = rules["maxItems"]?.doubleValue, Double(items.count) > maximum { errors.append("\(path): more than \(Int(maximum)) items") }
            if rules["uniqueItems"] == .bool(true), Set(items).count != items.count { errors.append("\(path): items are not unique") }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() { validate(item, against: itemSchema, path: "\(path)[\(index)]", errors: &errors) }
            }
        case .object(let object):
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                errors.append("\(path): missing required property '\(name)'")
            }
            let properties = rules["properties"]?.objectValue ?? [:]
            for (name, child) in object.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[name] {
                    validate(child, against: propertySchema, path: "\(path).\(name)", errors: &errors)
                } else if let additional = rules["additionalProperties"] {
                    if additional == .bool(false) {
                        errors.append("\(path): property '\(name)' is not allowed")
                    } else {
                        validate(child, against: additional, path: "\(path).\(name)", errors: &errors)
                    }
                }
            }
        default: break
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private static func short(_ value: JSONValue) -> String {
        let text = (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "\(value)"
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
