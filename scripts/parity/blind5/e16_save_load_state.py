import os
import tempfile
from pathlib import Path
import torch
from torch import nn

torch.manual_seed(42)
MODEL_PATH = Path(tempfile.mkdtemp()) / "models"
MODEL_PATH.mkdir(parents=True, exist_ok=True)
MODEL_NAME = "01_pytorch_workflow_model_1.pth"
MODEL_SAVE_PATH = MODEL_PATH / MODEL_NAME
print(MODEL_SAVE_PATH.name, MODEL_SAVE_PATH.suffix)

class LinearRegressionModelV2(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_layer = nn.Linear(in_features=1, out_features=1)

    def forward(self, x):
        return self.linear_layer(x)

model_1 = LinearRegressionModelV2()
print(model_1, model_1.state_dict())
print(f"Saving model to: {MODEL_SAVE_PATH.name}")
torch.save(obj=model_1.state_dict(), f=MODEL_SAVE_PATH)
print(os.path.exists(MODEL_SAVE_PATH), os.listdir(MODEL_PATH))

loaded_model_1 = LinearRegressionModelV2()
print(loaded_model_1.state_dict())
result = loaded_model_1.load_state_dict(torch.load(MODEL_SAVE_PATH))
print(result)
print(loaded_model_1.state_dict())
X_test = torch.arange(0.8, 1.0, 0.02).unsqueeze(1)
model_1.eval()
loaded_model_1.eval()
with torch.inference_mode():
    y_preds = model_1(X_test)
    loaded_model_1_preds = loaded_model_1(X_test)
print(y_preds == loaded_model_1_preds)
torch.save({"epoch": 5, "model": model_1.state_dict(), "note": "ckpt"}, MODEL_PATH / "ckpt.pt")
ckpt = torch.load(MODEL_PATH / "ckpt.pt")
print(sorted(ckpt.keys()), ckpt["epoch"], ckpt["note"])
