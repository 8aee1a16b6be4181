/// `pprint` (`pprint`, `pformat`, `pp`) as CPython 3.11's pprint.py lays objects out, transcribed
/// into the Python nnrepl runs: a repr that fits in `width` is written as is, else dicts,
/// OrderedDicts, lists, tuples and sets break one item per line with pprint's indentation; dict
/// keys are sorted unless `sort_dicts=False`. Long strings are not split into pieces as
/// CPython's `_pprint_str` does: they keep their one-line repr.
enum PprintSource {
    static let module = #"""
from collections import OrderedDict

class _SafeKey:
    # pprint's _safe_key: the natural order where two keys compare, else by type name and id.
    def __init__(self, obj):
        self.obj = obj
    def __lt__(self, other):
        try:
            return self.obj < other.obj
        except TypeError:
            return (str(type(self.obj)), id(self.obj)) < (str(type(other.obj)), id(other.obj))

def _sorted(items, first):
    if first:
        return sorted(items, key=lambda kv: _SafeKey(kv[0]))
    return sorted(items, key=_SafeKey)

def _safe_repr(obj, sort_dicts, depth, level, context):
    t = type(obj)
    if t is dict:
        if not obj:
            return "{}"
        if id(obj) in context:
            return "{...}"
        if depth and level >= depth:
            return "{...}"
        context.add(id(obj))
        items = _sorted(list(obj.items()), True) if sort_dicts else list(obj.items())
        parts = [_safe_repr(k, sort_dicts, depth, level + 1, context) + ": " + _safe_repr(v, sort_dicts, depth, level + 1, context) for k, v in items]
        context.discard(id(obj))
        return "{" + ", ".join(parts) + "}"
    if t is list or t is tuple:
        if not obj:
            return "[]" if t is list else "()"
        if id(obj) in context:
            return "[...]" if t is list else "(...)"
        if depth and level >= depth:
            return "[...]" if t is list else "(...)"
        context.add(id(obj))
        parts = [_safe_repr(x, sort_dicts, depth, level + 1, context) for x in obj]
        context.discard(id(obj))
        if t is list:
            return "[" + ", ".join(parts) + "]"
        if len(parts) == 1:
            return "(" + parts[0] + ",)"
        return "(" + ", ".join(parts) + ")"
    return repr(obj)

class _Printer:
    def __init__(self, indent, width, depth, compact, sort_dicts):
        self.indent_per_level = indent
        self.width = width
        self.depth = depth
        self.compact = compact
        self.sort_dicts = sort_dicts
        self.out = []

    def repr(self, obj, level):
        return _safe_repr(obj, self.sort_dicts, self.depth, level, set())

    def format(self, obj, indent, allowance, context, level):
        if id(obj) in context:
            self.out.append(self.repr(obj, level))
            return
        rep = self.repr(obj, level)
        max_width = self.width - indent - allowance
        t = type(obj)
        if len(rep) > max_width and (t is dict or t is list or t is tuple or t is set or t is frozenset or t is OrderedDict):
            context.add(id(obj))
            if t is dict:
                self.pprint_dict(obj, indent, allowance, context, level + 1)
            elif t is OrderedDict:
                self.pprint_ordered_dict(obj, indent, allowance, context, level + 1)
            elif t is list:
                self.out.append("[")
                self.format_items(obj, indent, allowance + 1, context, level + 1)
                self.out.append("]")
            elif t is tuple:
                self.out.append("(")
                endchar = ",)" if len(obj) == 1 else ")"
                self.format_items(obj, indent, allowance + len(endchar), context, level + 1)
                self.out.append(endchar)
            else:
                self.pprint_set(obj, indent, allowance, context, level + 1)
            context.discard(id(obj))
            return
        self.out.append(rep)

    def pprint_dict(self, obj, indent, allowance, context, level):
        self.out.append("{")
        if self.indent_per_level > 1:
            self.out.append((self.indent_per_level - 1) * " ")
        if len(obj):
            items = _sorted(list(obj.items()), True) if self.sort_dicts else list(obj.items())
            self.format_dict_items(items, indent, allowance + 1, context, level)
        self.out.append("}")

    def pprint_ordered_dict(self, obj, indent, allowance, context, level):
        if not len(obj):
            self.out.append(repr(obj))
            return
        self.out.append("OrderedDict(")
        self.format(list(obj.items()), indent + len("OrderedDict") + 1, allowance + 1, context, level)
        self.out.append(")")

    def pprint_set(self, obj, indent, allowance, context, level):
        if not len(obj):
            self.out.append(repr(obj))
            return
        if type(obj) is set:
            self.out.append("{")
            endchar = "}"
        else:
            self.out.append("frozenset({")
            endchar = "})"
            indent += len("frozenset") + 1
        items = _sorted(list(obj), False)
        self.format_items(items, indent, allowance + len(endchar), context, level)
        self.out.append(endchar)

    def format_dict_items(self, items, indent, allowance, context, level):
        indent += self.indent_per_level
        delimnl = ",\n" + " " * indent
        last_index = len(items) - 1
        for i, (key, ent) in enumerate(items):
            last = i == last_index
            rep = self.repr(key, level)
            self.out.append(rep)
            self.out.append(": ")
            self.format(ent, indent + len(rep) + 2, allowance if last else 1, context, level)
            if not last:
                self.out.append(delimnl)

    def format_items(self, items, indent, allowance, context, level):
        indent += self.indent_per_level
        if self.indent_per_level > 1:
            self.out.append((self.indent_per_level - 1) * " ")
        delimnl = ",\n" + " " * indent
        delim = ""
        width = max_width = self.width - indent + 1
        items = list(items)
        for i, ent in enumerate(items):
            last = i == len(items) - 1
            if last:
                max_width -= allowance
                width -= allowance
            if self.compact:
                rep = self.repr(ent, level)
                w = len(rep) + 2
                if width < w:
                    width = max_width
                    if delim:
                        delim = delimnl
                if width >= w:
                    width -= w
                    self.out.append(delim)
                    delim = ", "
                    self.out.append(rep)
                    continue
            self.out.append(delim)
            delim = delimnl
            self.format(ent, indent, allowance if last else 1, context, level)

def _check(indent, width, depth):
    if indent < 0:
        raise ValueError("indent must be >= 0")
    if depth is not None and depth <= 0:
        raise ValueError("depth must be > 0")
    if not width:
        raise ValueError("width must be != 0")

def pformat(object, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    _check(indent, width, depth)
    p = _Printer(indent, width, depth, compact, sort_dicts)
    p.format(object, 0, 0, set(), 0)
    return "".join(p.out)

def pprint(object, stream=None, indent=1, width=80, depth=None, *, compact=False, sort_dicts=True, underscore_numbers=False):
    if stream is not None:
        stream.write(pformat(object, indent, width, depth, compact=compact, sort_dicts=sort_dicts) + "\n")
        return
    print(pformat(object, indent, width, depth, compact=compact, sort_dicts=sort_dicts))

def pp(object, *args, sort_dicts=False, **kwargs):
    pprint(object, *args, sort_dicts=sort_dicts, **kwargs)
"""#
}
