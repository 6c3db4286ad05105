"""The social-security roll import (contracts/files.md §1): reading, pure validation, bulk application."""
