from collections import OrderedDict

od = OrderedDict()
od['b'] = 2
od['a'] = 1
od['c'] = 3
print(od)
print(od.keys())
print(od.values())
print(od.items())
od.move_to_end('b')
print(list(od))
od.move_to_end('c', last=False)
print(od)
print(od.popitem())
print(od.popitem(last=False))
print(od)
print(OrderedDict(x=1) == {'x': 1})
print(repr(OrderedDict()))
print(type(od).__name__)
