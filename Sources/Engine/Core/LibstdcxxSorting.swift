/// libstdc++'s `std::sort`, `std::nth_element` and `std::partial_sort`, step for step (GCC's
/// bits/stl_algo.h and stl_heap.h: introsort with median-of-three pivots and a final insertion
/// sort, introselect, heap select). PyTorch's CPU `sort(stable=False)` and `topk` call them on
/// (value, index) pairs (and `mode` on values alone), so which of several equal values comes
/// first — the indices a learner sees — is decided by these exact steps; no Swift or C library
/// sorts in the same order.
struct LibstdcxxSorting<Element> {
    var a: UnsafeMutableBufferPointer<Element>
    let less: (Element, Element) -> Bool

    private func c(_ i: Int, _ j: Int) -> Bool { less(a[i], a[j]) }

    /// `std::sort(first, last, comp)`.
    func sort(_ first: Int, _ last: Int) {
        guard first != last else { return }
        introsortLoop(first, last, depth: Self.lg(last - first) * 2)
        if last - first > 16 {
            insertionSort(first, first + 16)
            for i in (first + 16)..<last { unguardedLinearInsert(i) }
        } else {
            insertionSort(first, last)
        }
    }

    /// `std::nth_element(first, nth, last, comp)`.
    func nthElement(_ first: Int, _ nth: Int, _ last: Int) {
        guard first != last, nth != last else { return }
        var first = first, last = last, depth = Self.lg(last - first) * 2
        while last - first > 3 {
            if depth == 0 {
                heapSelect(first, nth + 1, last)
                a.swapAt(first, nth)
                return
            }
            depth -= 1
            let cut = partitionPivot(first, last)
            if cut <= nth { first = cut } else { last = cut }
        }
        insertionSort(first, last)
    }

    /// `std::partial_sort(first, middle, last, comp)`.
    func partialSort(_ first: Int, _ middle: Int, _ last: Int) {
        heapSelect(first, middle, last)
        var end = middle
        while end - first > 1 {
            end -= 1
            popHeap(first, end, end)
        }
    }

    /// std::__lg: the index of the highest set bit.
    private static func lg(_ n: Int) -> Int { Int.bitWidth - 1 - n.leadingZeroBitCount }

    private func introsortLoop(_ first: Int, _ last: Int, depth: Int) {
        var last = last, depth = depth
        while last - first > 16 {
            if depth == 0 {
                partialSort(first, last, last)
                return
            }
            depth -= 1
            let cut = partitionPivot(first, last)
            introsortLoop(cut, last, depth: depth)
            last = cut
        }
    }

    private func moveMedianToFirst(_ result: Int, _ x: Int, _ y: Int, _ z: Int) {
        if c(x, y) {
            if c(y, z) { a.swapAt(result, y) } else if c(x, z) { a.swapAt(result, z) } else { a.swapAt(result, x) }
        } else if c(x, z) {
            a.swapAt(result, x)
        } else if c(y, z) {
            a.swapAt(result, z)
        } else {
            a.swapAt(result, y)
        }
    }

    private func unguardedPartition(_ first: Int, _ last: Int, pivot: Int) -> Int {
        var first = first, last = last
        while true {
            while c(first, pivot) { first += 1 }
            last -= 1
            while c(pivot, last) { last -= 1 }
            if !(first < last) { return first }
            a.swapAt(first, last)
            first += 1
        }
    }

    private func partitionPivot(_ first: Int, _ last: Int) -> Int {
        let mid = first + (last - first) / 2
        moveMedianToFirst(first, first + 1, mid, last - 1)
        return unguardedPartition(first + 1, last, pivot: first)
    }

    private func unguardedLinearInsert(_ last: Int) {
        let value = a[last]
        var last = last, next = last - 1
        while less(value, a[next]) {
            a[last] = a[next]
            last = next
            next -= 1
        }
        a[last] = value
    }

    private func insertionSort(_ first: Int, _ last: Int) {
        guard first != last else { return }
        var i = first + 1
        while i < last {
            if c(i, first) {
                let value = a[i]
                var j = i
                while j > first { a[j] = a[j - 1]; j -= 1 }
                a[first] = value
            } else {
                unguardedLinearInsert(i)
            }
            i += 1
        }
    }

    private func pushHeap(_ first: Int, _ hole: Int, _ top: Int, _ value: Element) {
        var hole = hole, parent = (hole - 1) / 2
        while hole > top && less(a[first + parent], value) {
            a[first + hole] = a[first + parent]
            hole = parent
            parent = (hole - 1) / 2
        }
        a[first + hole] = value
    }

    private func adjustHeap(_ first: Int, _ hole: Int, _ length: Int, _ value: Element) {
        let top = hole
        var hole = hole, second = hole
        while second < (length - 1) / 2 {
            second = 2 * (second + 1)
            if c(first + second, first + second - 1) { second -= 1 }
            a[first + hole] = a[first + second]
            hole = second
        }
        if length & 1 == 0 && second == (length - 2) / 2 {
            second = 2 * (second + 1)
            a[first + hole] = a[first + second - 1]
            hole = second - 1
        }
        pushHeap(first, hole, top, value)
    }

    private func makeHeap(_ first: Int, _ last: Int) {
        let length = last - first
        guard length >= 2 else { return }
        var parent = (length - 2) / 2
        while true {
            adjustHeap(first, parent, length, a[first + parent])
            if parent == 0 { return }
            parent -= 1
        }
    }

    private func popHeap(_ first: Int, _ last: Int, _ result: Int) {
        let value = a[result]
        a[result] = a[first]
        adjustHeap(first, 0, last - first, value)
    }

    private func heapSelect(_ first: Int, _ middle: Int, _ last: Int) {
        makeHeap(first, middle)
        var i = middle
        while i < last {
            if c(i, first) { popHeap(first, middle, i) }
            i += 1
        }
    }
}
