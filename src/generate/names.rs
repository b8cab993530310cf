//! French places and words from which the generator builds names.
//!
//! The communes are real names with INSEE-style codes and a density level chosen to be plausible;
//! the PTCEs and organizations built from them are fictional.

/// A region: its name and its main university.
pub(crate) struct Region {
    pub name: &'static str,
    pub university: &'static str,
}

#[rustfmt::skip]
pub(crate) const REGIONS: &[Region] = &[
    Region { name: "Auvergne-Rhône-Alpes", university: "Université Grenoble Alpes" },
    Region { name: "Bourgogne-Franche-Comté", university: "Université de Bourgogne" },
    Region { name: "Bretagne", university: "Université de Rennes" },
    Region { name: "Centre-Val de Loire", university: "Université de Tours" },
    Region { name: "Corse", university: "Université de Corse Pasquale-Paoli" },
    Region { name: "Grand Est", university: "Université de Lorraine" },
    Region { name: "Hauts-de-France", university: "Université de Lille" },
    Region { name: "Île-de-France", university: "Université Paris-Est Créteil" },
    Region { name: "Normandie", university: "Université de Caen Normandie" },
    Region { name: "Nouvelle-Aquitaine", university: "Université de Bordeaux" },
    Region { name: "Occitanie", university: "Université Toulouse Jean-Jaurès" },
    Region { name: "Pays de la Loire", university: "Nantes Université" },
    Region { name: "Provence-Alpes-Côte d'Azur", university: "Aix-Marseille Université" },
];

/// A department: code, name preceded by its preposition ("du Nord"), region index.
pub(crate) struct Department {
    pub code: &'static str,
    pub of_name: &'static str,
    pub region: usize,
}

macro_rules! deps {
    ($(($c:literal, $n:literal, $r:literal)),+ $(,)?) => {
        &[$(Department { code: $c, of_name: $n, region: $r }),+]
    };
}

#[rustfmt::skip]
pub(crate) const DEPARTMENTS: &[Department] = deps![
    ("01", "de l'Ain", 0), ("03", "de l'Allier", 0), ("04", "des Alpes-de-Haute-Provence", 12),
    ("05", "des Hautes-Alpes", 12), ("06", "des Alpes-Maritimes", 12), ("07", "de l'Ardèche", 0),
    ("09", "de l'Ariège", 10), ("11", "de l'Aude", 10), ("12", "de l'Aveyron", 10),
    ("13", "des Bouches-du-Rhône", 12), ("14", "du Calvados", 8), ("15", "du Cantal", 0),
    ("16", "de la Charente", 9), ("19", "de la Corrèze", 9), ("21", "de la Côte-d'Or", 1),
    ("22", "des Côtes-d'Armor", 2), ("23", "de la Creuse", 9), ("25", "du Doubs", 1),
    ("26", "de la Drôme", 0), ("29", "du Finistère", 2), ("2A", "de la Corse-du-Sud", 4),
    ("2B", "de la Haute-Corse", 4), ("30", "du Gard", 10), ("31", "de la Haute-Garonne", 10),
    ("32", "du Gers", 10), ("33", "de la Gironde", 9), ("34", "de l'Hérault", 10),
    ("35", "d'Ille-et-Vilaine", 2), ("37", "d'Indre-et-Loire", 3), ("38", "de l'Isère", 0),
    ("39", "du Jura", 1), ("42", "de la Loire", 0), ("43", "de la Haute-Loire", 0),
    ("44", "de la Loire-Atlantique", 11), ("45", "du Loiret", 3), ("46", "du Lot", 10),
    ("48", "de la Lozère", 10), ("49", "de Maine-et-Loire", 11), ("53", "de la Mayenne", 11),
    ("54", "de Meurthe-et-Moselle", 5), ("56", "du Morbihan", 2), ("57", "de la Moselle", 5),
    ("58", "de la Nièvre", 1), ("59", "du Nord", 6), ("61", "de l'Orne", 8),
    ("62", "du Pas-de-Calais", 6), ("63", "du Puy-de-Dôme", 0),
    ("64", "des Pyrénées-Atlantiques", 9), ("67", "du Bas-Rhin", 5), ("69", "du Rhône", 0),
    ("71", "de Saône-et-Loire", 1), ("73", "de la Savoie", 0), ("75", "de Paris", 7),
    ("76", "de la Seine-Maritime", 8), ("79", "des Deux-Sèvres", 9), ("80", "de la Somme", 6),
    ("82", "de Tarn-et-Garonne", 10), ("86", "de la Vienne", 9), ("87", "de la Haute-Vienne", 9),
    ("88", "des Vosges", 5), ("89", "de l'Yonne", 1), ("93", "de la Seine-Saint-Denis", 7),
    ("18", "du Cher", 3), ("36", "de l'Indre", 3), ("08", "des Ardennes", 5),
    ("51", "de la Marne", 5),
];

/// A commune: INSEE code, name, department code, DENS7 level, its intercommunality.
pub(crate) struct Commune {
    pub code: &'static str,
    pub name: &'static str,
    pub dep: &'static str,
    pub dens7: u8,
    pub epci: &'static str,
}

macro_rules! communes {
    ($(($c:literal, $n:literal, $d:literal, $l:literal, $e:literal)),+ $(,)?) => {
        &[$(Commune { code: $c, name: $n, dep: $d, dens7: $l, epci: $e }),+]
    };
}

/// Urban communes (DENS7 1–4).
#[rustfmt::skip]
pub(crate) const URBAN: &[Commune] = communes![
    ("59350", "Lille", "59", 1, "Métropole européenne de Lille"),
    ("59512", "Roubaix", "59", 1, "Métropole européenne de Lille"),
    ("59271", "Grande-Synthe", "59", 3, "Communauté urbaine de Dunkerque"),
    ("62528", "Loos-en-Gohelle", "62", 3, "Communauté d'agglomération de Lens-Liévin"),
    ("62041", "Arras", "62", 2, "Communauté urbaine d'Arras"),
    ("80021", "Amiens", "80", 2, "Amiens Métropole"),
    ("75111", "Paris 11e Arrondissement", "75", 1, "Métropole du Grand Paris"),
    ("75120", "Paris 20e Arrondissement", "75", 1, "Métropole du Grand Paris"),
    ("93048", "Montreuil", "93", 1, "Établissement public territorial Est Ensemble"),
    ("93066", "Saint-Denis", "93", 1, "Établissement public territorial Plaine Commune"),
    ("69383", "Lyon 3e Arrondissement", "69", 1, "Métropole de Lyon"),
    ("69266", "Villeurbanne", "69", 1, "Métropole de Lyon"),
    ("38185", "Grenoble", "38", 1, "Grenoble-Alpes Métropole"),
    ("42218", "Saint-Étienne", "42", 1, "Saint-Étienne Métropole"),
    ("63113", "Clermont-Ferrand", "63", 1, "Clermont Auvergne Métropole"),
    ("01053", "Bourg-en-Bresse", "01", 2, "Communauté d'agglomération du Bassin de Bourg-en-Bresse"),
    ("03185", "Montluçon", "03", 2, "Montluçon Communauté"),
    ("07186", "Privas", "07", 4, "Communauté d'agglomération Privas Centre Ardèche"),
    ("21231", "Dijon", "21", 2, "Dijon Métropole"),
    ("25056", "Besançon", "25", 2, "Grand Besançon Métropole"),
    ("71076", "Chalon-sur-Saône", "71", 2, "Le Grand Chalon"),
    ("35238", "Rennes", "35", 1, "Rennes Métropole"),
    ("35236", "Redon", "35", 4, "Redon Agglomération"),
    ("29019", "Brest", "29", 2, "Brest Métropole"),
    ("29024", "Carhaix-Plouguer", "29", 4, "Poher Communauté"),
    ("37261", "Tours", "37", 2, "Tours Métropole Val de Loire"),
    ("45234", "Orléans", "45", 2, "Orléans Métropole"),
    ("2A004", "Ajaccio", "2A", 2, "Communauté d'agglomération du Pays Ajaccien"),
    ("2B033", "Bastia", "2B", 2, "Communauté d'agglomération de Bastia"),
    ("67482", "Strasbourg", "67", 1, "Eurométropole de Strasbourg"),
    ("57463", "Metz", "57", 2, "Metz Métropole"),
    ("54395", "Nancy", "54", 1, "Métropole du Grand Nancy"),
    ("51454", "Reims", "51", 2, "Communauté urbaine du Grand Reims"),
    ("76540", "Rouen", "76", 1, "Métropole Rouen Normandie"),
    ("14118", "Caen", "14", 2, "Caen la Mer"),
    ("33063", "Bordeaux", "33", 1, "Bordeaux Métropole"),
    ("87085", "Limoges", "87", 2, "Limoges Métropole"),
    ("86194", "Poitiers", "86", 2, "Grand Poitiers"),
    ("19272", "Tulle", "19", 4, "Tulle Agglo"),
    ("64445", "Pau", "64", 2, "Communauté d'agglomération Pau Béarn Pyrénées"),
    ("31555", "Toulouse", "31", 1, "Toulouse Métropole"),
    ("34172", "Montpellier", "34", 1, "Montpellier Méditerranée Métropole"),
    ("30189", "Nîmes", "30", 2, "Nîmes Métropole"),
    ("46102", "Figeac", "46", 4, "Grand-Figeac"),
    ("09122", "Foix", "09", 4, "Communauté d'agglomération Pays Foix-Varilhes"),
    ("44109", "Nantes", "44", 1, "Nantes Métropole"),
    ("44143", "Rezé", "44", 2, "Nantes Métropole"),
    ("49007", "Angers", "49", 2, "Angers Loire Métropole"),
    ("13055", "Marseille", "13", 1, "Métropole d'Aix-Marseille-Provence"),
    ("06088", "Nice", "06", 1, "Métropole Nice Côte d'Azur"),
];

/// Rural communes (DENS7 5–7).
#[rustfmt::skip]
pub(crate) const RURAL: &[Commune] = communes![
    ("01386", "Saint-Rambert-en-Bugey", "01", 5, "Communauté de communes de la Plaine de l'Ain"),
    ("03107", "Ébreuil", "03", 6, "Communauté de communes Saint-Pourçain Sioule Limagne"),
    ("04019", "Barcelonnette", "04", 5, "Communauté de communes Vallée de l'Ubaye Serre-Ponçon"),
    ("05132", "Saint-Bonnet-en-Champsaur", "05", 6, "Communauté de communes Champsaur-Valgaudemar"),
    ("06127", "Saint-Martin-Vésubie", "06", 7, "Métropole Nice Côte d'Azur"),
    ("07064", "Le Cheylard", "07", 5, "Communauté de communes Val'Eyrieux"),
    ("07330", "Vallon-Pont-d'Arc", "07", 6, "Communauté de communes des Gorges de l'Ardèche"),
    ("09184", "Massat", "09", 7, "Communauté de communes Couserans-Pyrénées"),
    ("11185", "Lagrasse", "11", 7, "Communauté de communes de la Région Lézignanaise"),
    ("12119", "Laguiole", "12", 6, "Communauté de communes Aubrac, Carladez et Viadène"),
    ("15138", "Murat", "15", 5, "Hautes Terres Communauté"),
    ("16073", "Chalais", "16", 6, "Communauté de communes Lavalette Tude Dronne"),
    ("19136", "Meymac", "19", 5, "Haute-Corrèze Communauté"),
    ("22025", "Callac", "22", 6, "Guingamp-Paimpol Agglomération"),
    ("22239", "Plounévez-Quintin", "22", 7, "Communauté de communes du Kreiz-Breizh"),
    ("23079", "Felletin", "23", 5, "Communauté de communes Creuse Grand Sud"),
    ("26113", "Die", "26", 5, "Communauté de communes du Diois"),
    ("26088", "Châtillon-en-Diois", "26", 7, "Communauté de communes du Diois"),
    ("2A272", "Sartène", "2A", 6, "Communauté de communes du Sartenais Valinco Taravo"),
    ("2A212", "Piana", "2A", 7, "Communauté de communes de l'Ouest Corse"),
    ("2B096", "Corte", "2B", 5, "Communauté de communes du Centre Corse"),
    ("2B049", "Calenzana", "2B", 6, "Communauté de communes de Calvi Balagne"),
    ("32233", "Marciac", "32", 6, "Communauté de communes Bastides et Vallons du Gers"),
    ("38226", "Mens", "38", 6, "Communauté de communes du Trièves"),
    ("38442", "Saint-Pierre-de-Chartreuse", "38", 6, "Communauté de communes Cœur de Chartreuse"),
    ("43135", "Le Monastier-sur-Gazeille", "43", 7, "Communauté de communes Mézenc-Loire-Meygal"),
    ("48061", "Florac Trois Rivières", "48", 6, "Communauté de communes Gorges Causses Cévennes"),
    ("48021", "La Bastide-Puylaurent", "48", 7, "Communauté de communes Mont Lozère"),
    ("58079", "Clamecy", "58", 5, "Communauté de communes Haut Nivernais-Val d'Yonne"),
    ("61293", "Mortagne-au-Perche", "61", 5, "Communauté de communes des Collines du Perche Normand"),
    ("61038", "Bellême", "61", 6, "Communauté de communes des Hauts du Perche"),
    ("63003", "Ambert", "63", 5, "Ambert Livradois Forez"),
    ("64371", "Mauléon-Licharre", "64", 5, "Communauté d'agglomération Pays Basque"),
    ("71137", "Cluny", "71", 5, "Communauté de communes du Clunisois"),
    ("76276", "Forges-les-Eaux", "76", 5, "Communauté de communes des 4 Rivières"),
    ("79174", "Melle", "79", 5, "Communauté de communes Mellois en Poitou"),
    ("82155", "Saint-Antonin-Noble-Val", "82", 6, "Communauté de communes Quercy Rouergue et Gorges de l'Aveyron"),
    ("86165", "Montmorillon", "86", 5, "Communauté de communes Vienne et Gartempe"),
    ("87064", "Eymoutiers", "87", 6, "Communauté de communes Portes de Vassivière"),
    ("88304", "Mirecourt", "88", 5, "Communauté de communes de Mirecourt Dompaire"),
    ("89446", "Vézelay", "89", 7, "Communauté de communes Avallon-Vézelay-Morvan"),
    ("39478", "Saint-Claude", "39", 5, "Communauté de communes Haut-Jura Saint-Claude"),
    ("25434", "Ornans", "25", 5, "Communauté de communes Loue-Lison"),
    ("53097", "Évron", "53", 5, "Communauté de communes des Coëvrons"),
    ("56091", "Josselin", "56", 5, "Ploërmel Communauté"),
    ("36046", "La Châtre", "36", 5, "Communauté de communes de La Châtre et Sainte-Sévère"),
    ("18197", "Saint-Amand-Montrond", "18", 5, "Communauté de communes Cœur de France"),
    ("08362", "Rethel", "08", 5, "Communauté de communes du Pays Rethélois"),
    ("46127", "Gourdon", "46", 6, "Communauté de communes Quercy Bouriane"),
    ("30350", "Le Vigan", "30", 5, "Communauté de communes du Pays Viganais"),
];

/// Family names for companies and citizens.
#[rustfmt::skip]
pub(crate) const SURNAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guerin", "Muller",
    "Henry", "Roussel", "Nicolas", "Perrin", "Le Gall", "Kerbrat", "Etcheverry", "Santoni",
];

/// Given names for citizens and lycées.
#[rustfmt::skip]
pub(crate) const GIVEN_NAMES: &[&str] = &[
    "Marie", "Jean", "Camille", "Louise", "Pierre", "Léa", "Nicolas", "Claire", "Hugo", "Sophie",
    "Julien", "Manon", "Paul", "Inès", "Antoine", "Chloé", "Lucas", "Élise", "Yann", "Nadia",
];

/// Evocative words used in association, cooperative and PTCE names.
#[rustfmt::skip]
pub(crate) const WORDS: &[&str] = &[
    "La Boussole", "Le Grain de sel", "L'Échappée", "La Clé des champs", "Le Chaînon",
    "L'Arbre à palabres", "La Navette", "Le Relais", "Les Tisserands", "La Marmite", "Cap Avenir",
    "L'Atelier partagé", "La Ruche", "Les Communs", "Le Maillon", "La Passerelle", "Terre & Avenir",
    "Les Semeurs", "L'Établi", "La Fabrique", "Archipel", "Le Fil d'Ariane", "Horizons solidaires",
    "Les Bricoleurs", "La Source", "Le Cercle vertueux", "Bois & Compagnie", "Alter'Actions",
    "Les Nouveaux Sillons", "La Main verte",
];

/// "de Lille", "d'Amiens", "du Mans", "des Sables", "de La Châtre".
pub(crate) fn of(place: &str) -> String {
    if let Some(rest) = place.strip_prefix("Le ") {
        return format!("du {rest}");
    }
    if let Some(rest) = place.strip_prefix("Les ") {
        return format!("des {rest}");
    }
    let vowel = place
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYÉÈÊÎÔH".contains(c));
    if vowel {
        format!("d'{place}")
    } else {
        format!("de {place}")
    }
}

/// The department of a commune (the first department when the code is unknown).
pub(crate) fn department_of(commune: &Commune) -> (usize, &'static Department) {
    DEPARTMENTS
        .iter()
        .enumerate()
        .find(|(_, d)| d.code == commune.dep)
        .unwrap_or((0, &DEPARTMENTS[0]))
}

/// A commune by its global index (urban communes first, then rural).
pub(crate) fn commune(index: usize) -> &'static Commune {
    if index < URBAN.len() {
        &URBAN[index]
    } else {
        &RURAL[(index - URBAN.len()) % RURAL.len()]
    }
}

/// Global indices of the communes of department `dep`.
pub(crate) fn communes_of_department(dep: &str) -> Vec<usize> {
    (0..URBAN.len() + RURAL.len())
        .filter(|&i| commune(i).dep == dep)
        .collect()
}

/// Fills a name pattern: `{of_c}` ("de Lille"), `{c}`, `{of_dep}`, `{region}`, `{word}`,
/// `{surname}`, `{given}`, for commune `ci`.
pub(crate) fn render(pattern: &str, rng: &mut super::rng::Rng, ci: usize) -> String {
    let c: &Commune = commune(ci);
    let (_, dep) = department_of(c);
    let mut s = pattern
        .replace("{of_c}", &of(c.name))
        .replace("{c}", c.name);
    if s.contains("{of_dep}") {
        s = s.replace("{of_dep}", dep.of_name);
    }
    if s.contains("{region}") {
        s = s.replace("{region}", REGIONS.get(dep.region).map_or("", |r| r.name));
    }
    for (slot, list) in [
        ("{word}", WORDS),
        ("{surname}", SURNAMES),
        ("{given}", GIVEN_NAMES),
    ] {
        if s.contains(slot) {
            let word: &str = rng.pick::<&str>(list);
            s = s.replace(slot, word);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_commune_has_a_known_department_and_a_valid_code() {
        for i in 0..URBAN.len() + RURAL.len() {
            let c = commune(i);
            assert!(DEPARTMENTS.iter().any(|d| d.code == c.dep), "{}", c.name);
            assert_eq!(c.code.len(), 5, "{}", c.code);
            assert!(c.code.starts_with(c.dep), "{} in {}", c.code, c.dep);
            assert_eq!(c.dens7 >= 5, i >= URBAN.len(), "{}", c.name);
        }
        for d in DEPARTMENTS {
            assert!(d.region < REGIONS.len());
        }
    }

    #[test]
    fn prepositions() {
        assert_eq!(of("Lille"), "de Lille");
        assert_eq!(of("Amiens"), "d'Amiens");
        assert_eq!(of("Évron"), "d'Évron");
        assert_eq!(of("Le Vigan"), "du Vigan");
        assert_eq!(of("La Châtre"), "de La Châtre");
    }
}
