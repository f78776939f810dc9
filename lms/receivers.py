"""Every receiver of lms/events.py: importing a receivers module connects its functions.
The extension imports this module when it starts; a new subscriber is one line here."""

from .certificates import receivers as certificates  # noqa: F401
from .classes import receivers as classes  # noqa: F401
from .consultations import receivers as consultations  # noqa: F401
from .eventlog import receivers as eventlog  # noqa: F401
from .figures import receivers as figures  # noqa: F401
from .lti import receivers as lti  # noqa: F401
from .practice import receivers as practice  # noqa: F401
from .progress import receivers as progress  # noqa: F401
