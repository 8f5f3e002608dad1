// oqs/insurer.hpp — Japanese health-insurance identifiers: the check digit of a 保険者番号 (insurer number).
//
// An insurer number is 8 digits (法別番号 2 + 都道府県番号 2 + 保険者別番号 3 + 検証番号 1) or, for the national
// health insurance, 6 digits (都道府県番号 2 + 保険者別番号 3 + 検証番号 1). The check digit: weight the body's
// digits 2, 1, 2, 1, … starting from its rightmost digit, add the digits of each product, and take
// (10 − sum mod 10) mod 10.
#pragma once

#include <string>
#include <string_view>

namespace oqs {

// The check digit for the body (all but the last digit); -1 when the body is not 5 or 7 decimal digits.
inline int insurerCheckDigit(std::string_view body) {
    if (body.size() != 5 && body.size() != 7) return -1;
    int sum = 0, weight = 2;
    for (size_t i = body.size(); i-- > 0;) {
        if (body[i] < '0' || body[i] > '9') return -1;
        int p = (body[i] - '0') * weight;
        sum += p / 10 + p % 10;
        weight = weight == 2 ? 1 : 2;
    }
    return (10 - sum % 10) % 10;
}

// True for 6 or 8 decimal digits whose last digit is the check digit of the rest.
inline bool validInsurerNumber(std::string_view n) {
    if (n.size() != 6 && n.size() != 8) return false;
    int check = insurerCheckDigit(n.substr(0, n.size() - 1));
    return check >= 0 && n.back() == char('0' + check);
}

// Appends the check digit to a 5- or 7-digit body; "" when the body is malformed.
inline std::string withInsurerCheckDigit(std::string_view body) {
    int check = insurerCheckDigit(body);
    return check < 0 ? std::string() : std::string(body) + char('0' + check);
}

}  // namespace oqs
