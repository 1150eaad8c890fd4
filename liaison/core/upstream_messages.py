# ruff: noqa: E501
"""Django and REST framework messages our users see, pulled into our catalogs.

Django ships no Lao catalog and incomplete Khmer and Vietnamese ones; listing these
strings here makes `makemessages` put them in our catalogs, where we translate them.
This module is only scanned by makemessages; nothing imports it.
"""

from django.utils.translation import gettext_noop, ngettext


def _upstream_messages() -> None:  # pragma: no cover
    gettext_noop("Enter a valid value.")
    gettext_noop("Enter a valid domain name.")
    gettext_noop("Enter a valid integer.")
    gettext_noop("Enter a valid %(protocol)s address.")
    gettext_noop("Enter only digits separated by commas.")
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s).")
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s.")
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s.")
    ngettext(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        1,
    )
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    )
    gettext_noop("Enter a number.")
    ngettext(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        1,
    )
    ngettext(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        1,
    )
    ngettext(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        1,
    )
    gettext_noop("This field is required.")
    gettext_noop("Enter a whole number.")
    gettext_noop("Enter a valid date.")
    gettext_noop("The number of days must be between {min_days} and {max_days}.")
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices.")
    gettext_noop("Enter a list of values.")
    gettext_noop("Enter a complete value.")
    gettext_noop("Please correct the duplicate data for %(field)s.")
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique.")
    gettext_noop("and")
    gettext_noop(
        "Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in %(date_field)s."
    )
    gettext_noop("Please correct the duplicate values below.")
    gettext_noop("The inline value did not match the parent instance.")
    gettext_noop("Select a valid choice. That choice is not one of the available choices.")
    gettext_noop("“%(pk)s” is not a valid value.")
    gettext_noop("%(model_name)s with this %(field_labels)s already exists.")
    gettext_noop("Value %(value)r is not a valid choice.")
    gettext_noop("This field cannot be null.")
    gettext_noop("This field cannot be blank.")
    gettext_noop("%(model_name)s with this %(field_label)s already exists.")
    gettext_noop("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s.")
    gettext_noop("Field of type: %(field_type)s")
    gettext_noop("“%(value)s” value must be either True or False.")
    gettext_noop("“%(value)s” value must be either True, False, or None.")
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format.")
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date.")
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."
    )
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."
    )
    gettext_noop("“%(value)s” value must be an integer.")
    gettext_noop("“%(value)s” value must be either None, True or False.")
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format."
    )
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice.")
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    )
    gettext_noop("The password is too similar to the %(verbose_name)s.")
    gettext_noop("Your password can’t be too similar to your other personal information.")
    gettext_noop("This password is too common.")
    gettext_noop("Your password can’t be a commonly used password.")
    gettext_noop("This password is entirely numeric.")
    gettext_noop("Your password can’t be entirely numeric.")
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    )
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    )
    ngettext("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1)
    ngettext("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 1)
    gettext_noop("Order")
    gettext_noop("Delete")
    gettext_noop("…")
    gettext_noop("That page number is not an integer")
    gettext_noop("That page number is less than 1")
    gettext_noop("That page contains no results")
    gettext_noop("A server error occurred.")
    gettext_noop("Invalid input.")
    gettext_noop("Malformed request.")
    gettext_noop("Incorrect authentication credentials.")
    gettext_noop("Authentication credentials were not provided.")
    gettext_noop("You do not have permission to perform this action.")
    gettext_noop("Not found.")
    gettext_noop('Method "{method}" not allowed.')
    gettext_noop("Could not satisfy the request Accept header.")
    gettext_noop('Unsupported media type "{media_type}" in request.')
    gettext_noop("Request was throttled.")
    gettext_noop("Expected available in {wait} second.")
    gettext_noop("Expected available in {wait} seconds.")
    gettext_noop("This field may not be null.")
    gettext_noop("Not a valid string.")
    gettext_noop("This field may not be blank.")
    gettext_noop("Ensure this field has no more than {max_length} characters.")
    gettext_noop("Ensure this field has at least {min_length} characters.")
    gettext_noop("This value does not match the required pattern.")
    gettext_noop("A valid integer is required.")
    gettext_noop("Ensure this value is less than or equal to {max_value}.")
    gettext_noop("Ensure this value is greater than or equal to {min_value}.")
    gettext_noop("String value too large.")
    gettext_noop("A valid number is required.")
    gettext_noop("Ensure that there are no more than {max_digits} digits in total.")
    gettext_noop("Ensure that there are no more than {max_decimal_places} decimal places.")
    gettext_noop(
        "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
    )
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}.")
    gettext_noop('"{input}" is not a valid choice.')
    gettext_noop("More than {count} items...")
    gettext_noop('Expected a list of items but got type "{input_type}".')
    gettext_noop("This selection may not be empty.")
    gettext_noop('"{input}" is not a valid path choice.')
    gettext_noop("This list may not be empty.")
    gettext_noop("Ensure this field has at least {min_length} elements.")
    gettext_noop("Ensure this field has no more than {max_length} elements.")
    gettext_noop('Expected a dictionary of items but got type "{input_type}".')
    gettext_noop("This dictionary may not be empty.")
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.')
    gettext_noop("Incorrect type. Expected pk value, received {data_type}.")
    gettext_noop("Invalid hyperlink - Object does not exist.")
    gettext_noop("Invalid value.")
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}.")
    gettext_noop("Invalid basic header. No credentials provided.")
    gettext_noop("Invalid basic header. Credentials string should not contain spaces.")
    gettext_noop("Invalid basic header. Credentials not correctly base64 encoded.")
    gettext_noop("Invalid username/password.")
    gettext_noop("User inactive or deleted.")
    gettext_noop("Invalid token header. No credentials provided.")
    gettext_noop("Invalid token header. Token string should not contain spaces.")
    gettext_noop("Invalid token header. Token string should not contain invalid characters.")
    gettext_noop("Invalid token.")
    gettext_noop("A page number within the paginated result set.")
    gettext_noop("Number of results to return per page.")
    gettext_noop("Invalid page.")
    gettext_noop("The initial index from which to return the results.")
    gettext_noop("The pagination cursor value.")
    gettext_noop("Invalid cursor")
    gettext_noop("Username")
    gettext_noop("Password")
    gettext_noop("Token")
    gettext_noop("Unable to log in with provided credentials.")
    gettext_noop('Must include "username" and "password".')
    gettext_noop("This field must be unique.")
    gettext_noop("The fields {field_names} must make a unique set.")
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}.")
    gettext_noop('This field must be unique for the "{date_field}" date.')
    gettext_noop('This field must be unique for the "{date_field}" month.')
    gettext_noop('This field must be unique for the "{date_field}" year.')
