/// Where PyTorch 2.15 defines each class (its `__module__`), so `type(x)` prints
/// `<class 'torch.nn.modules.linear.Linear'>` and `<class 'torch.optim.sgd.SGD'>` as PyTorch
/// does. Generated from `torch.nn`, `torch.optim` and `torch.optim.lr_scheduler` (PyTorch 2.15).
enum PyTorchClassPaths {
    static let modules: [String: String] = {
        var d: [String: String] = [:]
        let table: [(String, [String])] = [
            ("torch.nn.modules.activation", ["CELU", "ELU", "GELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish", "Hardtanh", "LeakyReLU", "LogSigmoid", "LogSoftmax", "Mish", "MultiheadAttention", "PReLU", "RReLU", "ReLU", "ReLU6", "SELU", "SiLU", "Sigmoid", "Softmax", "Softmax2d", "Softmin", "Softplus", "Softshrink", "Softsign", "Tanh", "Tanhshrink", "Threshold"]),
            ("torch.nn.modules.adaptive", ["AdaptiveLogSoftmaxWithLoss"]),
            ("torch.nn.modules.batchnorm", ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "SyncBatchNorm"]),
            ("torch.nn.modules.channelshuffle", ["ChannelShuffle"]),
            ("torch.nn.modules.container", ["Container", "ModuleDict", "ModuleList", "ParameterDict", "ParameterList", "Sequential"]),
            ("torch.nn.modules.conv", ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d"]),
            ("torch.nn.modules.distance", ["CosineSimilarity", "PairwiseDistance"]),
            ("torch.nn.modules.dropout", ["AlphaDropout", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "FeatureAlphaDropout"]),
            ("torch.nn.modules.flatten", ["Flatten", "Unflatten"]),
            ("torch.nn.modules.fold", ["Fold", "Unfold"]),
            ("torch.nn.modules.instancenorm", ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"]),
            ("torch.nn.modules.linear", ["Bilinear", "Identity", "LazyLinear", "Linear", "NonDynamicallyQuantizableLinear"]),
            ("torch.nn.modules.loss", ["BCELoss", "BCEWithLogitsLoss", "CTCLoss", "CosineEmbeddingLoss", "CrossEntropyLoss", "GaussianNLLLoss", "HingeEmbeddingLoss", "HuberLoss", "KLDivLoss", "L1Loss", "LinearCrossEntropyLoss", "MSELoss", "MarginRankingLoss", "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss", "NLLLoss", "NLLLoss2d", "PoissonNLLLoss", "SmoothL1Loss", "SoftMarginLoss", "TripletMarginLoss", "TripletMarginWithDistanceLoss"]),
            ("torch.nn.modules.module", ["Module"]),
            ("torch.nn.modules.normalization", ["CrossMapLRN2d", "GroupNorm", "LayerNorm", "LocalResponseNorm", "RMSNorm"]),
            ("torch.nn.modules.padding", ["CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d"]),
            ("torch.nn.modules.pixelshuffle", ["PixelShuffle", "PixelUnshuffle"]),
            ("torch.nn.modules.pooling", ["AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d", "FractionalMaxPool2d", "FractionalMaxPool3d", "LPPool1d", "LPPool2d", "LPPool3d", "MaxPool1d", "MaxPool2d", "MaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d"]),
            ("torch.nn.modules.rnn", ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"]),
            ("torch.nn.modules.sparse", ["Embedding", "EmbeddingBag"]),
            ("torch.nn.modules.transformer", ["Transformer", "TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder", "TransformerEncoderLayer"]),
            ("torch.nn.modules.upsampling", ["Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d"]),
            ("torch.optim.adadelta", ["Adadelta"]),
            ("torch.optim.adagrad", ["Adagrad"]),
            ("torch.optim.adam", ["Adam"]),
            ("torch.optim.adamax", ["Adamax"]),
            ("torch.optim.adamw", ["AdamW"]),
            ("torch.optim.asgd", ["ASGD"]),
            ("torch.optim.lbfgs", ["LBFGS"]),
            ("torch.optim.lr_scheduler", ["ChainedScheduler", "ConstantLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "ExponentialLR", "LRScheduler", "LambdaLR", "LinearLR", "MultiStepLR", "MultiplicativeLR", "OneCycleLR", "PolynomialLR", "ReduceLROnPlateau", "SequentialLR", "StepLR", "_LRScheduler", "_SchedulePhase", "_enable_get_lr_call", "_initial_mode"]),
            ("torch.optim.nadam", ["NAdam"]),
            ("torch.optim.radam", ["RAdam"]),
            ("torch.optim.rmsprop", ["RMSprop"]),
            ("torch.optim.rprop", ["Rprop"]),
            ("torch.optim.sgd", ["SGD"]),
            ("torch.optim.sparse_adam", ["SparseAdam"]),
        ]
        for (module, names) in table { for n in names { d[n] = module } }
        return d
    }()

    /// `torch.nn.modules.linear` for `Linear`; layers outside the table get the nn package.
    static func module(of className: String) -> String { modules[className] ?? "torch.nn.modules" }

    /// `torch.nn.modules.linear.Linear`.
    static func qualified(_ className: String) -> String { module(of: className) + "." + className }
}
