/// libstdc++'s `std::sort` (introsort: median-of-three pivots and unguarded partitions down to
/// runs of 16, heapsort past the depth limit 2·⌊log₂ n⌋, then the final insertion sort), step
/// by step. ATen kernels that sort with `std::sort` and a comparator on values only (mode) leave
/// equal values in the order this algorithm leaves them, which decides the indices they report.
enum StdSort {
    static let threshold = 16

    /// Sorts `a` in place by `less`, exactly as `std::sort(a.begin(), a.end(), less)`.
    static func sort<T>(_ a: inout [T], by less: (T, T) -> Bool) {
        let n = a.count
        guard n > 1 else { return }
        introsortLoop(&a, 0, n, depthLimit: 2 * (Int.bitWidth - 1 - n.leadingZeroBitCount), less)
        finalInsertionSort(&a, 0, n, less)
    }

    private static func introsortLoop<T>(_ a: inout [T], _ first: Int, _ lastIn: Int, depthLimit: Int, _ less: (T, T) -> Bool) {
        var last = lastIn, depth = depthLimit
        while last - first > threshold {
            if depth == 0 {
                heapSort(&a, first, last, less)
                return
            }
            depth -= 1
            let cut = unguardedPartitionPivot(&a, first, last, less)
            introsortLoop(&a, cut, last, depthLimit: depth, less)
            last = cut
        }
    }

    private static func unguardedPartitionPivot<T>(_ a: inout [T], _ first: Int, _ last: Int, _ less: (T, T) -> Bool) -> Int {
        let mid = first + (last - first) / 2
        moveMedianToFirst(&a, first, first + 1, mid, last - 1, less)
        return unguardedPartition(&a, first + 1, last, pivot: first, less)
    }

    private static func moveMedianToFirst<T>(_ arr: inout [T], _ result: Int, _ a: Int, _ b: Int, _ c: Int, _ less: (T, T) -> Bool) {
        if less(arr[a], arr[b]) {
            if less(arr[b], arr[c]) { arr.swapAt(result, b) } else if less(arr[a], arr[c]) { arr.swapAt(result, c) } else { arr.swapAt(result, a) }
        } else if less(arr[a], arr[c]) {
            arr.swapAt(result, a)
        } else if less(arr[b], arr[c]) {
            arr.swapAt(result, c)
        } else {
            arr.swapAt(result, b)
        }
    }

    private static func unguardedPartition<T>(_ a: inout [T], _ firstIn: Int, _ lastIn: Int, pivot: Int, _ less: (T, T) -> Bool) -> Int {
        var first = firstIn, last = lastIn
        while true {
            while less(a[first], a[pivot]) { first += 1 }
            last -= 1
            while less(a[pivot], a[last]) { last -= 1 }
            if !(first < last) { return first }
            a.swapAt(first, last)
            first += 1
        }
    }

    private static func finalInsertionSort<T>(_ a: inout [T], _ first: Int, _ last: Int, _ less: (T, T) -> Bool) {
        if last - first > threshold {
            insertionSort(&a, first, first + threshold, less)
            for i in (first + threshold)..<last { unguardedLinearInsert(&a, i, less) }
        } else {
            insertionSort(&a, first, last, less)
        }
    }

    private static func insertionSort<T>(_ a: inout [T], _ first: Int, _ last: Int, _ less: (T, T) -> Bool) {
        guard first != last else { return }
        var i = first + 1
        while i != last {
            if less(a[i], a[first]) {
                let v = a[i]
                var j = i
                while j > first { a[j] = a[j - 1]; j -= 1 }
                a[first] = v
            } else {
                unguardedLinearInsert(&a, i, less)
            }
            i += 1
        }
    }

    private static func unguardedLinearInsert<T>(_ a: inout [T], _ lastIn: Int, _ less: (T, T) -> Bool) {
        let v = a[lastIn]
        var last = lastIn, next = lastIn - 1
        while less(v, a[next]) {
            a[last] = a[next]
            last = next
            next -= 1
        }
        a[last] = v
    }

    // MARK: heapsort (`std::__partial_sort(first, last, last)`)

    private static func heapSort<T>(_ a: inout [T], _ first: Int, _ lastIn: Int, _ less: (T, T) -> Bool) {
        makeHeap(&a, first, lastIn, less)
        var last = lastIn
        while last - first > 1 {
            last -= 1
            let v = a[last]
            a[last] = a[first]
            adjustHeap(&a, first, 0, last - first, v, less)
        }
    }

    private static func makeHeap<T>(_ a: inout [T], _ first: Int, _ last: Int, _ less: (T, T) -> Bool) {
        let len = last - first
        guard len >= 2 else { return }
        var parent = (len - 2) / 2
        while true {
            adjustHeap(&a, first, parent, len, a[first + parent], less)
            if parent == 0 { return }
            parent -= 1
        }
    }

    private static func adjustHeap<T>(_ a: inout [T], _ first: Int, _ holeIn: Int, _ len: Int, _ value: T, _ less: (T, T) -> Bool) {
        let top = holeIn
        var hole = holeIn, second = holeIn
        while second < (len - 1) / 2 {
            second = 2 * (second + 1)
            if less(a[first + second], a[first + second - 1]) { second -= 1 }
            a[first + hole] = a[first + second]
            hole = second
        }
        if len & 1 == 0 && second == (len - 2) / 2 {
            second = 2 * (second + 1)
            a[first + hole] = a[first + second - 1]
            hole = second - 1
        }
        // __push_heap
        var parent = (hole - 1) / 2
        while hole > top && less(a[first + parent], value) {
            a[first + hole] = a[first + parent]
            hole = parent
            parent = (hole - 1) / 2
        }
        a[first + hole] = value
    }
}
