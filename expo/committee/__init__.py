"""The executive committee: its member units report progress on the work items its meetings
decided, and the secretariat reviews them.

A domain package on the core (``expo.models`` holds its tables, in the ``expo`` app): services,
selectors, forms and the member units' portal views.
"""
