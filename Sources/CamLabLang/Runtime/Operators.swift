import CamLabCore
#if canImport(Glibc)
import Glibc
#endif

/// Arithmetic and comparison on numbers, strings, lists and tensors. A tensor meets a number or another
/// tensor element-wise, with NumPy broadcasting; tensor comparisons give tensors of 0 and 1, so
/// `mean(y_pred == y_test)` is an accuracy.
extension Interpreter {
    func unary(_ op: UnaryOperator, _ value: Value, at span: Span) throws -> Value {
        switch (op, value) {
        case (.negate, .number(let n)): return .number(-n)
        case (.negate, .tensor(let t)): return .tensor(-t)
        case (.not, _): return .bool(!value.isTruthy)
        default: throw error("cannot negate a \(value.typeName)", at: span)
        }
    }

    func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, at span: Span) throws -> Value {
        switch (left, right) {
        case (.number(let a), .number(let b)):
            return try numbers(op, a, b, at: span)
        case (.tensor, _), (_, .tensor):
            return try tensors(op, left, right, at: span)
        case (.string(let a), .string(let b)):
            switch op {
            case .add:
                try checkBytes(Double(a.utf8.count) + Double(b.utf8.count), for: "joining two strings", at: span)
                // Exactly the bytes checked: `a + b` would grow a's buffer to twice its capacity, up to twice that.
                var joined = ""
                joined.reserveCapacity(a.utf8.count + b.utf8.count)
                joined += a
                joined += b
                return .string(joined)
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            default: break
            }
        case (.list(let a), .list(let b)) where op == .add:
            try checkBytes(Limits.listBytes(a.count + b.count), for: "joining two lists", at: span)
            var joined: [Value] = []
            joined.reserveCapacity(a.count + b.count)
            joined += a
            joined += b
            return .list(joined)
        default:
            break
        }
        switch op {
        case .equal: return .bool(Value.equal(left, right))
        case .notEqual: return .bool(!Value.equal(left, right))
        default:
            let help = op == .add && (left.isString || right.isString)
                ? "to build text from values, use interpolation: \"loss: \\(x)\"" : nil
            throw error("cannot apply '\(op.rawValue)' to a \(left.typeName) and a \(right.typeName)", help: help,
                        at: span)
        }
    }

    private func numbers(_ op: BinaryOperator, _ a: Double, _ b: Double, at span: Span) throws -> Value {
        switch op {
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide:
            guard b != 0 else { throw error("division by zero", at: span) }
            return .number(a / b)
        case .remainder:
            guard b != 0 else { throw error("remainder of division by zero", at: span) }
            let r = fmod(a, b)  // the sign follows the divisor, as in Python: -1 % 3 == 2
            return .number(r != 0 && (r < 0) != (b < 0) ? r + b : r)
        case .power: return .number(pow(a, b))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        }
    }

    private func tensors(_ op: BinaryOperator, _ left: Value, _ right: Value, at span: Span) throws -> Value {
        let a: Tensor, b: Tensor
        do {
            a = try left.asTensor()
            b = try right.asTensor()
        } catch {
            throw self.error("cannot apply '\(op.rawValue)' to a \(left.typeName) and a \(right.typeName)", at: span)
        }
        do {
            let shape = try Broadcasting.shape(a.shape, b.shape, operation: Self.operationName(op))
            if let failure = Limits.tooMany(Limits.elementCount(shape), for: "the result of shape \(shape.shapeDescription)",
                                            budget: memoryBudget) {
                throw error(failure.message, help: failure.help, at: span)
            }
            let result: Tensor
            if b.rank == 0, op != .power {
                let s = b.scalars[0]
                switch op {
                case .add: result = a + s
                case .subtract: result = a - s
                case .multiply: result = a * s
                case .divide: result = a / s
                default: result = try a.zipWith(b, operation: op.rawValue, Self.elementwise(op))
                }
            } else {
                result = try a.zipWith(b, operation: Self.operationName(op), Self.elementwise(op))
            }
            return .tensor(result)
        } catch let failure as Problem {
            throw error(failure.message, at: span)
        }
    }

    private static func operationName(_ op: BinaryOperator) -> String {
        switch op {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        default: return "compare"
        }
    }

    private static func elementwise(_ op: BinaryOperator) -> (Float, Float) -> Float {
        switch op {
        case .add: return (+)
        case .subtract: return (-)
        case .multiply: return (*)
        case .divide: return (/)
        case .remainder: return { a, b in let r = fmodf(a, b); return r != 0 && (r < 0) != (b < 0) ? r + b : r }
        case .power: return { powf($0, $1) }
        case .equal: return { $0 == $1 ? 1 : 0 }
        case .notEqual: return { $0 != $1 ? 1 : 0 }
        case .less: return { $0 < $1 ? 1 : 0 }
        case .lessEqual: return { $0 <= $1 ? 1 : 0 }
        case .greater: return { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return { $0 >= $1 ? 1 : 0 }
        }
    }
}

extension Value {
    var isString: Bool { if case .string = self { return true } else { return false } }
    var isTensor: Bool { if case .tensor = self { return true } else { return false } }

    /// Structural equality; functions and objects are equal only to themselves.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.range(let a1, let b1), .range(let a2, let b2)): return a1 == a2 && b1 == b2
        case (.tensor(let x), .tensor(let y)): return x == y
        case (.named(let x), .named(let y)): return x == y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }
}

extension Interpreter {
    /// Refuses a string or list of `bytes` beyond the memory budget, as a diagnostic at `span`.
    func checkBytes(_ bytes: Double, for what: String, at span: Span) throws {
        do { try memoryBudget.check(bytes: bytes, for: what) } catch {
            throw self.error(error.message, help: error.help, at: span)
        }
    }
}
