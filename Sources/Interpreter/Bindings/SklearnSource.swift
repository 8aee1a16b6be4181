/// scikit-learn 1.9's toy-data generators (`make_circles`, `make_moons`, `make_blobs`) and
/// `train_test_split`, transcribed from its source (sklearn/datasets/_samples_generator.py,
/// sklearn/model_selection/_split.py, sklearn/utils/extmath.py) into the Python nnrepl runs, over
/// nnrepl's numpy: the same RandomState draws in the same order give the same arrays, bit for
/// bit. Parameter checks raise scikit-learn's InvalidParameterError in its words.
enum SklearnSource {
    /// Helpers shared by both modules (names starting with "_" stay private).
    static let common = #"""
import numpy as np
import math

def _is_int(v):
    return type(v) is int or type(v) is bool or isinstance(v, np.integer)

def _is_real(v):
    return _is_int(v) or type(v) is float or isinstance(v, np.floating)

def _is_array_like(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return False
    if isinstance(v, (list, tuple, np.ndarray)):
        return True
    return hasattr(v, "shape") and len(v.shape) > 0

def _invalid(name, function, expected, value):
    raise InvalidParameterError(f"The '{name}' parameter of {function} must be {expected}. Got {value!r} instead.")

def _check_bool(name, function, value):
    if not (type(value) is bool or isinstance(value, np.bool_)):
        _invalid(name, function, "an instance of 'bool' or an instance of 'numpy.bool'", value)

_RANDOM_STATE = "an int in the range [0, 4294967295], an instance of 'numpy.random.mtrand.RandomState' or None"

def _check_random_state(function, seed):
    if seed is None:
        return np.random
    if isinstance(seed, np.random.RandomState):
        return seed
    if _is_int(seed) and 0 <= seed <= 4294967295:
        return np.random.RandomState(seed)
    _invalid("random_state", function, _RANDOM_STATE, seed)

def _shuffle(rng, *arrays):
    # sklearn.utils.shuffle: one permutation of the rows, applied to every array.
    indices = np.arange(arrays[0].shape[0])
    rng.shuffle(indices)
    return [a[indices] for a in arrays]
"""#

    static let datasets = common + #"""

def _halves(n_samples, message):
    # make_circles/make_moons: n samples split outer/inner (the outer half rounded down), or a pair.
    if _is_int(n_samples):
        n_samples_out = n_samples // 2
        return n_samples_out, n_samples - n_samples_out
    if len(n_samples) != 2:
        raise ValueError(message)
    return n_samples[0], n_samples[1]

def _two_shapes(outer_circ_x, outer_circ_y, inner_circ_x, inner_circ_y, n_samples_out, n_samples_in, shuffle, noise, generator):
    # The common tail of make_circles and make_moons: stack the two shapes, label them 0 and 1,
    # shuffle the rows, add the noise (in this order, as both draw from one generator).
    X = np.vstack([np.append(outer_circ_x, inner_circ_x), np.append(outer_circ_y, inner_circ_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp), np.ones(n_samples_in, dtype=np.intp)])
    if shuffle:
        X, y = _shuffle(generator, X, y)
    if noise is not None:
        X += generator.normal(scale=noise, size=X.shape)
    return X, y

def make_circles(n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8):
    if not ((_is_int(n_samples) and n_samples >= 0) or isinstance(n_samples, tuple)):
        _invalid("n_samples", "make_circles", "an int in the range [0, inf) or an instance of 'tuple'", n_samples)
    _check_bool("shuffle", "make_circles", shuffle)
    if not (noise is None or (_is_real(noise) and noise >= 0)):
        _invalid("noise", "make_circles", "a float in the range [0.0, inf) or None", noise)
    generator = _check_random_state("make_circles", random_state)
    if not (_is_real(factor) and 0 <= factor < 1):
        _invalid("factor", "make_circles", "a float in the range [0.0, 1.0)", factor)
    n_samples_out, n_samples_in = _halves(n_samples, "When a tuple, n_samples must have exactly two elements.")
    linspace_out = np.linspace(0, 2 * np.pi, n_samples_out, endpoint=False)
    linspace_in = np.linspace(0, 2 * np.pi, n_samples_in, endpoint=False)
    outer_circ_x = np.cos(linspace_out)
    outer_circ_y = np.sin(linspace_out)
    inner_circ_x = np.cos(linspace_in) * factor
    inner_circ_y = np.sin(linspace_in) * factor
    return _two_shapes(outer_circ_x, outer_circ_y, inner_circ_x, inner_circ_y, n_samples_out, n_samples_in, shuffle, noise, generator)

def make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None):
    if not ((_is_int(n_samples) and n_samples >= 1) or isinstance(n_samples, tuple)):
        _invalid("n_samples", "make_moons", "an int in the range [1, inf) or an instance of 'tuple'", n_samples)
    _check_bool("shuffle", "make_moons", shuffle)
    if not (noise is None or (_is_real(noise) and noise >= 0)):
        _invalid("noise", "make_moons", "a float in the range [0.0, inf) or None", noise)
    generator = _check_random_state("make_moons", random_state)
    n_samples_out, n_samples_in = _halves(n_samples, "`n_samples` can be either an int or a two-element tuple.")
    outer_circ_x = np.cos(np.linspace(0, np.pi, n_samples_out))
    outer_circ_y = np.sin(np.linspace(0, np.pi, n_samples_out))
    inner_circ_x = 1 - np.cos(np.linspace(0, np.pi, n_samples_in))
    inner_circ_y = 1 - np.sin(np.linspace(0, np.pi, n_samples_in)) - 0.5
    return _two_shapes(outer_circ_x, outer_circ_y, inner_circ_x, inner_circ_y, n_samples_out, n_samples_in, shuffle, noise, generator)

def make_blobs(n_samples=100, n_features=2, *, centers=None, cluster_std=1.0, center_box=(-10.0, 10.0),
               shuffle=True, random_state=None, return_centers=False):
    if not ((_is_int(n_samples) and n_samples >= 1) or _is_array_like(n_samples)):
        _invalid("n_samples", "make_blobs", "an int in the range [1, inf) or an array-like", n_samples)
    if not (_is_int(n_features) and n_features >= 1):
        _invalid("n_features", "make_blobs", "an int in the range [1, inf)", n_features)
    if not (centers is None or (_is_int(centers) and centers >= 1) or _is_array_like(centers)):
        _invalid("centers", "make_blobs", "an int in the range [1, inf), an array-like or None", centers)
    if not ((_is_real(cluster_std) and cluster_std >= 0) or _is_array_like(cluster_std)):
        _invalid("cluster_std", "make_blobs", "a float in the range [0.0, inf) or an array-like", cluster_std)
    if not isinstance(center_box, tuple):
        _invalid("center_box", "make_blobs", "an instance of 'tuple'", center_box)
    _check_bool("shuffle", "make_blobs", shuffle)
    generator = _check_random_state("make_blobs", random_state)
    _check_bool("return_centers", "make_blobs", return_centers)
    if _is_int(n_samples):
        if centers is None:
            centers = 3
        if _is_int(centers):
            n_centers = centers
            centers = generator.uniform(center_box[0], center_box[1], size=(n_centers, n_features))
        else:
            centers = np.asarray(centers)
            n_features = centers.shape[1]
            n_centers = centers.shape[0]
    else:
        n_centers = len(n_samples)
        if centers is None:
            centers = generator.uniform(center_box[0], center_box[1], size=(n_centers, n_features))
        if len(centers) != n_centers:
            raise ValueError(f"Length of `n_samples` not consistent with number of centers. Got n_samples = {n_samples} and centers = {centers}")
        centers = np.asarray(centers)
        n_features = centers.shape[1]
    if not _is_real(cluster_std) and len(cluster_std) != n_centers:
        raise ValueError("Length of `clusters_std` not consistent with number of centers. Got centers = {} and cluster_std = {}".format(centers, cluster_std))
    if _is_real(cluster_std):
        cluster_std = np.full(len(centers), cluster_std)
    if _is_int(n_samples):
        n_samples_per_center = [int(n_samples // n_centers)] * n_centers
        for i in range(n_samples % n_centers):
            n_samples_per_center[i] += 1
    else:
        n_samples_per_center = n_samples
    cum_sum_n_samples = np.cumsum(n_samples_per_center)
    X = np.empty(shape=(sum(n_samples_per_center), n_features), dtype=np.float64)
    y = np.empty(shape=(sum(n_samples_per_center),), dtype=int)
    for i, (n, std) in enumerate(zip(n_samples_per_center, cluster_std)):
        start_idx = cum_sum_n_samples[i - 1] if i > 0 else 0
        end_idx = cum_sum_n_samples[i]
        X[start_idx:end_idx] = generator.normal(loc=centers[i], scale=std, size=(n, n_features))
        y[start_idx:end_idx] = i
    if shuffle:
        X, y = _shuffle(generator, X, y)
    if return_centers:
        return X, y, centers
    return X, y
"""#

    static let modelSelection = common + #"""

_SIZE = "a float in the range (0.0, 1.0), an int in the range [1, inf) or None"

def _size_ok(v):
    if v is None:
        return True
    if _is_int(v):
        return v >= 1
    return _is_real(v) and 0 < v < 1

def _kind(v):
    # np.asarray(v).dtype.kind for the values a size can be.
    if v is None:
        return "O"
    if type(v) is bool or isinstance(v, np.bool_):
        return "b"
    if _is_int(v):
        return "i"
    if _is_real(v):
        return "f"
    return "O"

def _num_samples(x):
    if hasattr(x, "shape"):
        if len(x.shape) == 0:
            raise TypeError(f"Input should have at least 1 dimension i.e. satisfy `len(x.shape) > 0`, got scalar `{x!r}` instead.")
        return x.shape[0]
    return len(x)

def _safe_indexing(x, indices):
    if hasattr(x, "shape"):
        return x[indices]
    return [x[i] for i in indices]

def _validate_shuffle_split(n_samples, test_size, train_size, default_test_size=None):
    if test_size is None and train_size is None:
        test_size = default_test_size
    test_size_type = _kind(test_size)
    train_size_type = _kind(train_size)
    if (test_size_type == "i" and (test_size >= n_samples or test_size <= 0)) or (test_size_type == "f" and (test_size <= 0 or test_size >= 1)):
        raise ValueError("test_size={0} should be either positive and smaller than the number of samples {1} or a float in the (0, 1) range".format(test_size, n_samples))
    if (train_size_type == "i" and (train_size >= n_samples or train_size <= 0)) or (train_size_type == "f" and (train_size <= 0 or train_size >= 1)):
        raise ValueError("train_size={0} should be either positive and smaller than the number of samples {1} or a float in the (0, 1) range".format(train_size, n_samples))
    if train_size is not None and train_size_type not in ("i", "f"):
        raise ValueError("Invalid value for train_size: {}".format(train_size))
    if test_size is not None and test_size_type not in ("i", "f"):
        raise ValueError("Invalid value for test_size: {}".format(test_size))
    if train_size_type == "f" and test_size_type == "f" and train_size + test_size > 1:
        raise ValueError("The sum of test_size and train_size = {}, should be in the (0, 1) range. Reduce test_size and/or train_size.".format(train_size + test_size))
    if test_size_type == "f":
        n_test = math.ceil(test_size * n_samples)
    elif test_size_type == "i":
        n_test = float(test_size)
    if train_size_type == "f":
        n_train = math.floor(train_size * n_samples)
    elif train_size_type == "i":
        n_train = float(train_size)
    if train_size is None:
        n_train = n_samples - n_test
    elif test_size is None:
        n_test = n_samples - n_train
    if n_train + n_test > n_samples:
        raise ValueError("The sum of train_size and test_size = %d, should be smaller than the number of samples %d. Reduce test_size and/or train_size." % (n_train + n_test, n_samples))
    n_train, n_test = int(n_train), int(n_test)
    if n_train == 0:
        raise ValueError("With n_samples={}, test_size={} and train_size={}, the resulting train set will be empty. Adjust any of the aforementioned parameters.".format(n_samples, test_size, train_size))
    return n_train, n_test

def _approximate_mode(class_counts, n_draws, rng):
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need_to_add = int(n_draws - floored.sum())
    if need_to_add > 0:
        remainder = continuous - floored
        values = np.sort(np.unique(remainder))[::-1]
        for value in values:
            (inds,) = np.where(remainder == value)
            add_now = min(len(inds), need_to_add)
            inds = rng.choice(inds, size=add_now, replace=False)
            floored[inds] += 1
            need_to_add -= add_now
            if need_to_add == 0:
                break
    return floored.astype(int)

def _stratified_indices(n_train, n_test, y, rng):
    y = np.asarray(y)
    if y.ndim == 2:
        raise ValueError("nnrepl's train_test_split stratifies by a 1-d array of labels only")
    classes, y_indices, class_counts = np.unique(y, return_inverse=True, return_counts=True)
    n_classes = classes.shape[0]
    if np.min(class_counts) < 2:
        too_few_classes = classes[class_counts < 2].tolist()
        raise ValueError("The least populated classes in y have only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2. Classes with too few members are: %s" % (too_few_classes))
    if n_train < n_classes:
        raise ValueError("The train_size = %d should be greater or equal to the number of classes = %d" % (n_train, n_classes))
    if n_test < n_classes:
        raise ValueError("The test_size = %d should be greater or equal to the number of classes = %d" % (n_test, n_classes))
    class_indices = np.split(np.argsort(y_indices, kind="stable"), np.cumsum(class_counts)[:-1])
    n_i = _approximate_mode(class_counts, n_train, rng)
    class_counts_remaining = class_counts - n_i
    t_i = _approximate_mode(class_counts_remaining, n_test, rng)
    train = []
    test = []
    for i in range(n_classes):
        permutation = rng.permutation(class_counts[i])
        perm_indices_class_i = class_indices[i].take(permutation, mode="clip")
        train.extend(perm_indices_class_i[: n_i[i]])
        test.extend(perm_indices_class_i[n_i[i] : n_i[i] + t_i[i]])
    return rng.permutation(train), rng.permutation(test)

def train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True, stratify=None):
    if not _size_ok(test_size):
        _invalid("test_size", "train_test_split", _SIZE, test_size)
    if not _size_ok(train_size):
        _invalid("train_size", "train_test_split", _SIZE, train_size)
    rng = _check_random_state("train_test_split", random_state)
    _check_bool("shuffle", "train_test_split", shuffle)
    if not (stratify is None or _is_array_like(stratify)):
        _invalid("stratify", "train_test_split", "an array-like or None", stratify)
    n_arrays = len(arrays)
    if n_arrays == 0:
        raise ValueError("At least one array required as input")
    lengths = [_num_samples(a) for a in arrays if a is not None]
    if len(set(lengths)) > 1:
        raise ValueError("Found input variables with inconsistent numbers of samples: %r" % [int(l) for l in lengths])
    n_samples = _num_samples(arrays[0])
    n_train, n_test = _validate_shuffle_split(n_samples, test_size, train_size, default_test_size=0.25)
    if shuffle is False:
        if stratify is not None:
            raise ValueError("Stratified train/test split is not implemented for shuffle=False")
        train = np.arange(n_train)
        test = np.arange(n_train, n_train + n_test)
    elif stratify is not None:
        train, test = _stratified_indices(n_train, n_test, stratify, rng)
    else:
        permutation = rng.permutation(n_samples)
        test = permutation[:n_test]
        train = permutation[n_test : (n_test + n_train)]
    result = []
    for a in arrays:
        result.append(_safe_indexing(a, train))
        result.append(_safe_indexing(a, test))
    return result
"""#
}
