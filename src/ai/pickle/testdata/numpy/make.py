"""Writes the pickles beside this file: benign numpy objects as numpy pickles them.

Run by hand (not by the tests), with the versions in README.md:
    python3 make.py
"""
import pickle

import numpy as np

OBJECTS = {
    'array-protocol2': (np.arange(12, dtype=np.float32).reshape(3, 4), 2),
    'array-protocol5': (np.arange(12, dtype=np.float32).reshape(3, 4), 5),
    'bool-array-protocol5': (np.array([True, False]), 5),
    'masked-array': (np.ma.masked_array([1, 2, 3], mask=[0, 1, 0]), 4),
    'matrix': (np.asmatrix([[1, 2]]), 4),
    'record-array': (np.rec.array([(1, 2.0)], dtype=[('a', 'i4'), ('b', 'f8')]), 4),
    'random-state': (np.random.RandomState(0), 4),
    'generator': (np.random.default_rng(0), 4),
    'bit-generator': (np.random.PCG64(1), 4),
    'scalars': ({'i': np.int64(5), 'f': np.float32(1.5), 'dt': np.dtype('int16')}, 2),
}

for name, (obj, protocol) in OBJECTS.items():
    with open(f'{name}.pkl', 'wb') as f:
        f.write(pickle.dumps(obj, protocol=protocol))
