import random
import torch
from torch.utils.data import Dataset, DataLoader
from torch.nn.utils.rnn import pad_sequence

random.seed(0)
torch.manual_seed(0)

class SequenceDataset(Dataset):
    def __init__(self, n):
        self.items = []
        for i in range(n):
            length = random.randint(2, 6)
            seq = torch.tensor([random.randint(1, 9) for _ in range(length)])
            self.items.append((seq, int(seq.sum()) % 2))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        return self.items[idx]

def collate_fn(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = pad_sequence(seqs, batch_first=True, padding_value=0)
    return padded, lengths, torch.tensor(labels)

ds = SequenceDataset(10)
print(len(ds), ds[0], ds[3])
loader = DataLoader(ds, batch_size=4, shuffle=True, collate_fn=collate_fn)
for batch_idx, (padded, lengths, labels) in enumerate(loader):
    print(f"batch {batch_idx}: padded shape {tuple(padded.shape)}")
    print(padded)
    print(lengths.tolist(), labels.tolist())

default_loader = DataLoader([(torch.tensor([i, i + 1]), i % 3) for i in range(5)], batch_size=2)
for xb, yb in default_loader:
    print(xb, yb)
print(len(default_loader), len(loader))
dl = DataLoader(range(7), batch_size=3, drop_last=True)
print(list(dl))
