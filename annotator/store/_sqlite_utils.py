"""Import sqlite-utils without the optional numpy support it would load.

sqlite-utils imports numpy when it is installed, only to map numpy types to columns;
we never pass numpy values, and the import costs a cold start about 70 ms.
"""

from __future__ import annotations

import sys

_numpy_absent = "numpy" not in sys.modules
if _numpy_absent:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
try:
    from sqlite_utils import Database
finally:
    if _numpy_absent:
        del sys.modules["numpy"]

__all__ = ["Database"]
