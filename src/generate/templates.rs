//! Name patterns of the organizations, with NAF rév. 2 codes and INSEE legal categories
//! consistent with each kind (`|` separates alternatives drawn at random). Placeholders are
//! filled by `names::render`.

/// A name pattern with its NAF codes and INSEE legal categories (`|`-separated alternatives).
pub(crate) struct Template {
    pub name: &'static str,
    pub naf: &'static str,
    pub cat: &'static str,
}

macro_rules! templates {
    ($(($n:literal, $naf:literal, $cat:literal)),+ $(,)?) => {
        &[$(Template { name: $n, naf: $naf, cat: $cat }),+]
    };
}

#[rustfmt::skip]
pub(crate) const ASSOCIATIONS: &[Template] = templates![
    ("Association Les Jardins de Cocagne {of_c}", "01.13Z|88.99B", "9220"),
    ("Ressourcerie {of_c}", "38.32Z", "9220"),
    ("Atelier vélo solidaire {of_c}", "95.29Z", "9220"),
    ("Régie de quartier {of_c}", "81.21Z", "9220"),
    ("Épicerie solidaire {of_c}", "88.99B", "9220"),
    ("Centre social {of_c}", "88.99B", "9220"),
    ("Maison des jeunes et de la culture {of_c}", "94.99Z", "9220"),
    ("Accorderie {of_c}", "94.99Z", "9220"),
    ("Association {word}", "94.99Z", "9220"),
    ("Chantier d'insertion {word}", "88.99B", "9220"),
    ("Repair café {of_c}", "94.99Z", "9220"),
    ("Association d'aide à domicile {of_c}", "88.10A", "9220"),
    ("Compagnie théâtrale {word}", "90.01Z", "9220"),
    ("Tiers-lieu {word}", "94.99Z", "9220"),
    ("Comité des fêtes {of_c}", "94.99Z", "9220"),
    ("Association de sauvegarde du patrimoine {of_c}", "91.03Z", "9220"),
    ("Ludothèque {word}", "93.29Z", "9220"),
    ("Mission locale {of_c}", "88.99B", "9220"),
    ("Amap {word}", "94.99Z", "9220"),
    ("Association Vivre {of_c}", "94.99Z", "9220"),
];

#[rustfmt::skip]
pub(crate) const NATIONAL_ASSOCIATIONS: &[Template] = templates![
    ("Réseau national des ressourceries solidaires", "94.99Z", "9220"),
    ("Fédération des jardins d'insertion", "94.99Z", "9220"),
    ("Union nationale des régies de territoire", "94.99Z", "9220"),
    ("Mouvement des tiers-lieux solidaires", "94.99Z", "9220"),
    ("Collectif national des épiceries solidaires", "88.99B", "9220"),
    ("Réseau des accorderies de France", "94.99Z", "9220"),
    ("Fédération des ateliers vélo participatifs", "94.99Z", "9220"),
    ("Union des foyers ruraux", "94.99Z", "9220"),
];

#[rustfmt::skip]
pub(crate) const COOPERATIVES: &[Template] = templates![
    ("SCOP {word}", "43.32A|16.23Z|62.01Z|71.11Z|74.10Z|56.10A", "5458|5558"),
    ("SCIC {word}", "35.11Z|47.29Z|55.20Z|68.20B|88.99B", "5710|5560"),
    ("Coopérative d'activités et d'emploi {word}", "70.22Z", "5458"),
    ("CUMA {of_c}", "01.61Z", "6317"),
    ("SCIC Énergies citoyennes {of_c}", "35.11Z", "5710"),
    ("SCOP {surname} Charpente", "43.91A", "5458"),
    ("Épicerie coopérative {of_c}", "47.11B", "5710"),
    ("Coopérative laitière {of_c}", "10.51C", "6317"),
    ("SCIC Bois-énergie {of_c}", "02.20Z", "5560"),
];

#[rustfmt::skip]
pub(crate) const MUTUALS: &[Template] = templates![
    ("Mutuelle {word}", "65.12Z", "8210"),
    ("Mutuelle solidaire {region}", "65.12Z", "8210"),
    ("Mutuelle d'assurance {region}", "65.12Z", "8250"),
];

#[rustfmt::skip]
pub(crate) const NATIONAL_MUTUALS: &[Template] = templates![
    ("Mutuelle des travailleurs solidaires", "65.12Z", "8210"),
    ("Mutuelle d'assurance des associations", "65.12Z", "8250"),
    ("Mutuelle générale de l'économie sociale", "65.12Z", "8210"),
    ("Mutuelle des agriculteurs et ruraux", "65.12Z", "8210"),
    ("Mutuelle santé des artisans", "65.12Z", "8210"),
    ("Mutuelle éducation et solidarité", "65.12Z", "8290"),
];

#[rustfmt::skip]
pub(crate) const FOUNDATIONS: &[Template] = templates![
    ("Fondation {word}", "88.99B", "9300"),
    ("Fondation d'entreprise {surname}", "94.99Z", "9300"),
    ("Fondation {region} Solidarités", "88.99B", "9300"),
];

#[rustfmt::skip]
pub(crate) const NATIONAL_FOUNDATIONS: &[Template] = templates![
    ("Fondation pour la transition des territoires", "94.99Z", "9300"),
    ("Fondation de l'innovation sociale", "88.99B", "9300"),
    ("Fondation pour l'emploi solidaire", "88.99B", "9300"),
    ("Fondation des territoires ruraux", "94.99Z", "9300"),
    ("Fondation pour le lien social", "88.99B", "9300"),
    ("Fondation pour une alimentation durable", "94.99Z", "9300"),
    ("Fondation Culture et Solidarité", "90.04Z", "9300"),
    ("Fondation pour la mobilité inclusive", "94.99Z", "9300"),
];

#[rustfmt::skip]
pub(crate) const COMPANIES: &[Template] = templates![
    ("Boulangerie {surname}", "10.71C", "1000|5499"),
    ("Menuiserie {surname}", "16.23Z", "5499|5498"),
    ("Transports {surname}", "49.41A", "5499|5710"),
    ("Garage {surname}", "45.20A", "5499|1000"),
    ("{surname} Bâtiment", "41.20A", "5710|5499"),
    ("{surname} et Fils", "43.22A", "5499"),
    ("GAEC {surname}", "01.41Z", "6533"),
    ("Imprimerie {surname}", "18.12Z", "5499"),
    ("Brasserie artisanale {of_c}", "11.05Z", "5710|5499"),
    ("{word} Conseil", "70.22Z", "5710|5498"),
    ("Cabinet {surname} expertise comptable", "69.20Z", "5499"),
    ("Supermarché des Halles {of_c}", "47.11D", "5710"),
    ("Scierie {surname}", "16.10A", "5499"),
    ("Laiterie {of_c}", "10.51C", "5710"),
    ("Hôtel-restaurant {word}", "55.10Z", "5499|1000"),
    ("Électricité {surname}", "43.21A", "5498|1000"),
    ("Agence de communication {word}", "73.11Z", "5710"),
    ("Bureau d'études {surname}", "71.12B", "5710|5499"),
    ("Taxis {surname}", "49.32Z", "1000"),
    ("Pharmacie {surname}", "47.73Z", "5499"),
];

#[rustfmt::skip]
pub(crate) const TRAINING: &[Template] = templates![
    ("Lycée agricole {of_c}", "85.31Z", "7331"),
    ("Lycée professionnel {given}-{surname}", "85.32Z", "7331"),
    ("CFA du bâtiment {of_dep}", "85.32Z", "9220"),
    ("IUT {of_c}", "85.42Z", "7383"),
    ("École de la deuxième chance {of_c}", "85.59A", "9220"),
];

#[rustfmt::skip]
pub(crate) const PUBLIC_AGENCIES: &[Template] = templates![
    ("France Travail, agence {of_c}", "84.13Z", "7389"),
    ("Chambre de commerce et d'industrie {of_dep}", "94.11Z", "7381"),
    ("Chambre d'agriculture {of_dep}", "94.11Z", "7381"),
    ("Chambre de métiers et de l'artisanat {of_dep}", "94.12Z", "7381"),
    ("Caisse d'allocations familiales {of_dep}", "84.30B", "8110"),
    ("ADEME, direction régionale {region}", "84.13Z", "4110"),
    ("Office public de l'habitat {of_c}", "68.20A", "4140"),
];

#[rustfmt::skip]
pub(crate) const OTHERS: &[Template] = templates![
    ("Syndicat mixte du Pays {of_c}", "84.11Z", "7354"),
    ("Club des entreprises {of_c}", "94.11Z", "9220"),
    ("Office de tourisme {of_c}", "79.90Z", "7364"),
    ("Syndicat des artisans {of_dep}", "94.12Z", "9150"),
    ("Comité de bassin d'emploi {of_c}", "94.99Z", "9220"),
];
