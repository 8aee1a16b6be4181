from __future__ import print_function, division
import os
import os.path
import torch

print(os.path.join('data', 'mnist', 'train.pt'))
print(os.path.basename('/tmp/model.pth'), os.path.dirname('/tmp/model.pth'))
print(os.path.splitext('weights.best.pt'))
print(os.path.exists('definitely_not_here.txt'))
print(os.environ.get('NNREPL_NOT_SET_VAR', 'default'))
print(os.sep)
print(1 / 2)
