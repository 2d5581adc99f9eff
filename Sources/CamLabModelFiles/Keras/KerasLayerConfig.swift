import CamLabCore
import CamLabData
import CamLabNN

/// One layer's Keras settings, read with the layer named in every error: a setting CamLab cannot honour is an
/// error saying which, its value, and what CamLab supports, never a silently different layer.
struct KerasLayerConfig {
    let config: JSON
    let name: String
    let className: String
    let source: String

    func fail(_ message: String) -> Problem {
        Problem("\(source): layer '\(name)' (\(className)) \(message)")
    }

    func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard let item = config[key], item != .null else {
            if let value { return value }
            throw fail("has no \(key)")
        }
        guard let number = item.integer ?? item.array.flatMap({ $0.count == 1 ? $0[0].integer : nil }) else {
            throw fail("has \(key): \(item.text), which is not a whole number")
        }
        return try bounded(number, key)
    }

    /// A size given as one number or a pair (kernel_size: 3 or [3, 3]).
    func pair(_ key: String, default value: (Int, Int)? = nil) throws -> (Int, Int) {
        guard let item = config[key], item != .null else {
            if let value { return value }
            throw fail("has no \(key)")
        }
        if let n = item.integer { return (try bounded(n, key), n) }
        guard let items = item.array, items.count == 2, let a = items[0].integer, let b = items[1].integer else {
            throw fail("has \(key): \(item.text); CamLab needs one number or a pair of them")
        }
        return (try bounded(a, key), try bounded(b, key))
    }

    /// Sizes, counts and strides of a real model are far below a million; larger ones are damage.
    private func bounded(_ n: Int, _ key: String) throws -> Int {
        guard (1...1_000_000).contains(n) else { throw fail("has \(key): \(n); CamLab needs 1 to 1000000") }
        return n
    }

    func float(_ key: String, default value: Float? = nil) throws -> Float {
        guard let item = config[key], item != .null else {
            if let value { return value }
            throw fail("has no \(key)")
        }
        guard case .number(let text) = item, let number = Double(text) else {
            throw fail("has \(key): \(item.text), which is not a number")
        }
        return Float(number)
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let item = config[key], item != .null else { return value }
        guard case .bool(let flag) = item else { throw fail("has \(key): \(item.text), which is not true or false") }
        return flag
    }

    /// Throws unless `key` is absent, null or one of `allowed`; `supported` says what CamLab does instead.
    func require(_ key: String, in allowed: [JSON], _ supported: String) throws {
        guard let item = config[key], item != .null else { return }
        guard allowed.contains(item) else { throw fail("has \(key): \(item.text); \(supported)") }
    }

    func padding() throws -> Padding {
        let text = config["padding"]?.string ?? "valid"
        guard let padding = Padding(rawValue: text.lowercased()) else {
            throw fail("has padding: \"\(text)\"; CamLab supports \"valid\" and \"same\"")
        }
        return padding
    }

    func activation(_ key: String = "activation") throws -> Activation {
        guard let item = config[key], item != .null else { return .linear }
        // Keras 3 may write a built-in activation as a serialized function object.
        let text = item.string ?? item["config"]?.string ?? item["config"]?["name"]?.string ?? item["class_name"]?.string
        guard let text, let activation = Activation(rawValue: text == "softmax_v2" ? "softmax" : text) else {
            throw fail("has activation: \(item.text); CamLab supports "
                       + Activation.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        return activation
    }

    /// Channels-last only: CamLab's tensors are NHWC.
    func channelsLast() throws {
        try require("data_format", in: [.string("channels_last")],
                    "CamLab supports channels_last (NHWC) only; convert the model with data_format channels_last")
    }

    /// float32 only, as a dtype string or a dtype policy object (Keras 3's DTypePolicy, tf.keras' Policy).
    func float32() throws {
        guard let dtype = config["dtype"], let name = Self.dtypeName(dtype) else { return }
        guard name == "float32" else {
            throw fail("computes in \(name); CamLab computes in float32 (save the model with the float32 policy)")
        }
    }

    /// The dtype named by a dtype string or policy object, if any.
    static func dtypeName(_ dtype: JSON) -> String? {
        dtype.string ?? dtype["config"]?["name"]?.string
    }
}
