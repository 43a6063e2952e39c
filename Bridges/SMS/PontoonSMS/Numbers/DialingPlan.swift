/// How numbers are dialled from one region: what starts an international call, and what starts a
/// national one (the trunk prefix) before the number proper.
///
/// The tables hold the common cases, not every carrier's: a region not listed dials `00` abroad and
/// `0` nationally. Carrier-selection prefixes (Brazil's `00`+carrier, Colombia's `00`x, Chile's
/// `1xx0`) and Argentina's mobile `15`/`9` are not recognised: such numbers must be written with `+`.
struct DialingPlan: Sendable, Hashable {
    /// The ISO code, upper case (`UK` already read as `GB`).
    var region: String
    var callingCode: String
    /// Longest first, so `0011` is tried before a shorter prefix it begins with.
    var internationalPrefixes: [String]
    /// Longest first; empty where a leading `0` belongs to the number (Italy) or nothing precedes it.
    var trunkPrefixes: [String]

    /// The plan of `code` (any case, surrounding spaces ignored); nil for a code not in the table.
    init?(region code: String) {
        var region = String(code.unicodeScalars.filter { $0 != " " }).uppercased()
        if region == "UK" { region = "GB" }
        guard let callingCode = CallingCodes.byRegion[region] else { return nil }
        self.region = region
        self.callingCode = callingCode
        if callingCode == "1" {
            // `00` can't begin a North American number, so accepting it too costs nothing.
            internationalPrefixes = ["011", "00"]
            trunkPrefixes = ["1"]
        } else {
            internationalPrefixes = Self.internationalPrefixes[region] ?? ["00"]
            trunkPrefixes = Self.trunkPrefixes[region] ?? ["0"]
        }
    }

    /// Where calling abroad doesn't start with `00`.
    static let internationalPrefixes: [String: [String]] = [
        "AU": ["0011"], "CC": ["0011"], "CX": ["0011"],
        "JP": ["010"],
        "KR": ["00700", "001", "002", "005", "006", "008"],
        "RU": ["810", "00"], "KZ": ["810", "00"], "BY": ["810", "00"],
        "TH": ["001", "007", "008", "009"],
        "ID": ["001", "007", "008", "009"],
        "SG": ["000", "001", "008", "018", "019"],
        "KE": ["000"], "TZ": ["000"], "UG": ["000"],
        "NG": ["009"],
        "TW": ["002", "005", "006", "007", "009"],
        "MN": ["001", "002"],
        "KH": ["001", "007", "008"],
    ]

    /// Where the national trunk prefix isn't `0`. An empty list: none, and a leading `0` (if any)
    /// is part of the number, as in Italy (`06` Rome), San Marino, the Vatican, Côte d'Ivoire,
    /// Congo, Benin and Gabon.
    static let trunkPrefixes: [String: [String]] = [
        "RU": ["8"], "KZ": ["8"], "BY": ["8"],
        // Lithuania is moving from 8 to 0; both are in use.
        "LT": ["8", "0"],
        "HU": ["06"],
        "IT": [], "SM": [], "VA": [], "CI": [], "CG": [], "BJ": [], "GA": [],
        "ES": [], "PT": [], "DK": [], "NO": [], "SJ": [], "IS": [], "LU": [], "GR": [], "MT": [],
        "CY": [], "EE": [], "LV": [], "PL": [], "CZ": [], "MC": [], "AD": [], "LI": [], "FO": [],
        "GL": [], "MX": [], "CL": [], "CO": [], "HK": [], "MO": [], "SG": [], "QA": [], "BH": [],
        "KW": [], "OM": [], "TN": [], "SV": [], "GT": [], "HN": [], "NI": [], "CR": [], "PA": [],
    ]

    /// National significant numbers (after the calling code) whose length is fixed, by calling
    /// code. Other plans vary too much to check without full per-range metadata.
    static let nationalLengths: [String: ClosedRange<Int>] = [
        "1": 10...10,  // NANP: 3-digit area code + 7-digit number
        "7": 10...10,  // Russia, Kazakhstan
        "33": 9...9,   // France (metropolitan)
        "91": 10...10, // India
    ]
}
