// TEMPORARY stand-in until Printing.swift lands.
public struct PrintOptions: Equatable { public var precision = 4, threshold = 1000, edgeitems = 3, linewidth = 80; public var sciMode: Bool? = nil; public init() {}; nonisolated(unsafe) public static var current = PrintOptions() }
public enum PrintableElements { case float32((Int) -> Float), int64((Int) -> Int64), bool((Int) -> Bool) }
public func formatTensor(shape: [Int], elements: PrintableElements, gradSuffix: String?, options: PrintOptions = .current) -> String { "tensor(?)" }
public func pythonFloatRepr(_ x: Double) -> String { "\(x)" }
