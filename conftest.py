pytest_plugins = ["liaison.core.testing.cast", "liaison.core.testing.browser"]
