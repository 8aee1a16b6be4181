from collections import OrderedDict
import copy
d = OrderedDict(a=1, b=2)
d
d.keys()
d.items()
dict(d)
c = copy.deepcopy(d)
c['c'] = 3
c
d
s = {5, 3, 9, 1}
s
sorted(s)
import math
math.isclose(1.0, 1.0000001)
math.comb(10, 3)
