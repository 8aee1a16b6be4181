# d2l 2.2 data preprocessing, without pandas: write a small csv and read it back
import os
import tempfile
import torch

data_dir = tempfile.mkdtemp()
data_file = os.path.join(data_dir, 'house_tiny.csv')
with open(data_file, 'w') as f:
    f.write('NumRooms,RoofType,Price\n')
    f.write('NA,NA,127500\n')
    f.write('2,NA,106000\n')
    f.write('4,Slate,178100\n')
    f.write('NA,NA,140000\n')

rows = []
with open(data_file) as f:
    header = f.readline().strip().split(',')
    for line in f:
        rows.append(line.strip().split(','))
print(header)
for r in rows:
    print(r)

rooms = [float(r[0]) if r[0] != 'NA' else None for r in rows]
known = [v for v in rooms if v is not None]
mean_rooms = sum(known) / len(known)
rooms = [v if v is not None else mean_rooms for v in rooms]
roof_slate = [1.0 if r[1] == 'Slate' else 0.0 for r in rows]
roof_nan = [1.0 if r[1] == 'NA' else 0.0 for r in rows]
price = [float(r[2]) for r in rows]

X = torch.tensor(list(zip(rooms, roof_slate, roof_nan)))
y = torch.tensor(price)
print(X)
print(y)
print(X.dtype, y.dtype)
X64 = torch.tensor(list(zip(rooms, roof_slate, roof_nan)), dtype=torch.float64)
print(X64)
