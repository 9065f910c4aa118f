// The OWL API's OWL 2 DL profile checker over one ontology document (RDF/XML).
// Run as a single-file source program (Java 11+) with the OWL API jar that owlready2 ships:
//   java -cp owlapi-distribution-*.jar OWL2DLProfileCheck.java FILE.rdf
// Prints one line per violation, then "AXIOMS n" and "VIOLATIONS n".
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OWL2DLProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.toString().replace('\n', ' '));
        }
        System.out.println("AXIOMS " + ontology.getAxiomCount());
        System.out.println("VIOLATIONS " + report.getViolations().size());
    }
}
