"""Type aliases of the public API (what each argument accepts; the docstrings say it in full).

numpy and pandas are optional, so the aliases are ``Any`` at run time and name the accepted forms
only in their documentation.
"""

from __future__ import annotations

import os
from typing import Any, Union

#: Accounts x columns: a 2-D numpy array, a pandas DataFrame, or a sequence of rows (each a
#: sequence of values or a mapping from column name to value).
Data = Any
#: One value per account: a 1-D numpy array, a pandas Series, or a sequence of numbers.
Values = Any
#: Accounts x periods (oldest first): a 2-D numpy array or a pandas DataFrame.
Periods = Any
#: A pandas DataFrame (the result of a scoring call on a DataFrame; or ``Scores`` otherwise).
Frame = Any
#: A file's path.
PathLike = Union[str, "os.PathLike[str]"]
